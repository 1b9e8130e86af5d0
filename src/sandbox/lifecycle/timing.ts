/**
 * How long each simulated job takes. Every state is derived from the time an event was
 * recorded and these lengths: nothing is scheduled, so state survives a restart and runs on
 * any clock (a fake one in tests and benchmarks).
 */
export interface Timing {
  /** Processing of an uploaded document, in ms. */
  documentMs: number;
  /** Generation of a benchmark's questions, in ms. */
  benchmarkMs: number;
  /** An alignment job, in ms. */
  jobMs: number;
  /** A deploy task, in ms. */
  deployMs: number;
  /** An undeploy task, in ms. */
  undeployMs: number;
  /** An evaluation, in ms (its questions complete evenly over it). */
  evaluationMs: number;
  /** How much faster than the sandbox clock the simulated clock runs. */
  speed: number;
}

/** Simulated ms since `since` (sandbox clock ms). */
export function elapsed(since: number, now: number, timing: Timing): number {
  return (now - since) * timing.speed;
}

/** Sandbox clock time at which a step of `ms` simulated ms begun at `since` ends. */
export function endsAt(since: number, ms: number, timing: Timing): number {
  return since + ms / timing.speed;
}

/** Share (0..1) of a step of `ms` simulated ms done at `now`. */
export function shareDone(since: number, ms: number, now: number, timing: Timing): number {
  if (ms <= 0) return 1;
  return Math.min(1, Math.max(0, elapsed(since, now, timing) / ms));
}

/** The marker that makes a job fail, to try a client's error handling. */
export const FAIL_MARKER = "[fail]";
