/**
 * Following a job of any kind (document, benchmark, alignment, deployment, evaluation) to
 * its end: one progress display, Ctrl-C stops the wait (never the job), and every way a
 * wait can end is said in CLI terms, in text and in `--json`.
 */
import type { Command } from "commander";
import { type JobName, jobs, type StatusRecord } from "../core/jobs.js";
import { linkedSignal } from "../core/signals.js";
import { APIUserAbortError, type WaitOptions, WaitTimeoutError } from "../index.js";
import { globalOptions } from "./client.js";
import { Interrupted } from "./errors.js";
import { EXIT } from "./exit-codes.js";
import { type IO, writeJson, writeLine } from "./io.js";
import { createProgressDisplay, type ProgressSnapshot } from "./progress.js";
import { errorJson, reportError } from "./report-error.js";
import type { StatusKind } from "./table.js";

/** How the CLI follows one kind of job; what the job is (label, status words, progress) is its description in src/core/jobs.ts. */
export interface JobKind<Status> {
  job: JobName;
  wait(id: string, options: WaitOptions<Status>): Promise<Status>;
  /** The command that picks a stopped wait up again, such as `nugen projects wait ID`. */
  resume(id: string): string;
  /** The command that shows where the job stands; default `resume`. */
  check?(id: string): string;
}

export type WaitOutcome<Status> = { ok: true; final: Status } | { ok: false; last: Status | undefined; error: unknown };

/** Waits for one job, showing its progress on stderr; never throws. */
export async function follow<Status>(
  io: IO,
  kind: JobKind<Status>,
  id: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<WaitOutcome<Status>> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once("SIGINT", onInterrupt);
  const { signal, release } = linkedSignal(options.signal, controller.signal);
  const description = jobs[kind.job];
  const display = createProgressDisplay(io, id, description.statusKind as StatusKind);
  let last: Status | undefined;
  try {
    const onProgress = (status: Status) => {
      last = status;
      display.update(snapshotOf(kind.job, status));
    };
    const final = await kind.wait(id, { timeoutMs: options.timeoutMs, signal, onProgress });
    return { ok: true, final };
  } catch (error) {
    const interrupted = error instanceof APIUserAbortError && signal.aborted;
    return {
      ok: false,
      last,
      error: interrupted ? new Interrupted(stoppedMessage(kind, id, last !== undefined)) : error,
    };
  } finally {
    display.stop();
    release();
    process.off("SIGINT", onInterrupt);
  }
}

function stoppedMessage<Status>(kind: JobKind<Status>, id: string, statusRead: boolean): string {
  // Without a status read, nothing is known of the job: claim nothing about it.
  return statusRead
    ? `Stopped waiting. The ${jobs[kind.job].label} ${id} keeps running on the server; resume with \`${kind.resume(id)}\`.`
    : `Stopped waiting before any status of ${jobs[kind.job].label} ${id} was read; its state is unknown. Check it with \`${(kind.check ?? kind.resume)(id)}\`.`;
}

/**
 * Says on stderr why a wait ended without success, with the `nugen` command to run next,
 * and returns the exit code: 4 the job failed, 5 the wait timed out, 130 Ctrl-C, ...
 */
export function reportWaitEnd<Status>(
  io: IO,
  command: Command,
  kind: JobKind<Status>,
  id: string,
  error: unknown,
): number {
  let hint: string | undefined;
  if (error instanceof WaitTimeoutError) {
    hint = error.lastStatus
      ? `Resume with \`${kind.resume(id)}\`.`
      : `Check it with \`${(kind.check ?? kind.resume)(id)}\`.`;
  }
  return reportFailure(io, command, error, hint);
}

/** Reports how a command ended early and returns its exit code; Ctrl-C is said plainly, not as an error. */
export function reportFailure(io: IO, command: Command, error: unknown, hint?: string): number {
  if (error instanceof Interrupted) {
    writeLine(io.stderr, error.message);
    return EXIT.interrupted;
  }
  return reportError(error, io, { verbose: Boolean(globalOptions(command).verbose), hint });
}

/** A wait's end as JSON: the id first, then the last status read, and what stopped it. */
export function waitJson<Status>(id: string, outcome: WaitOutcome<Status>): Record<string, unknown> {
  if (outcome.ok) return { id, ...(outcome.final as object) };
  return { id, ...((outcome.last as object | undefined) ?? { status: null }), error: errorJson(outcome.error) };
}

/**
 * Follows one job and prints how it ended: the final status (`describe`, or JSON), or the
 * failure with the last status known, so that `--json` prints JSON whatever happens.
 */
export async function followAndPrint<Status>(
  command: Command,
  io: IO,
  kind: JobKind<Status>,
  id: string,
  options: { timeoutMs?: number; json?: boolean; describe: (final: Status) => string },
): Promise<number> {
  const outcome = await follow(io, kind, id, options);
  if (options.json) writeJson(io, waitJson(id, outcome));
  if (outcome.ok) {
    if (!options.json) writeLine(io.stdout, options.describe(outcome.final));
    return EXIT.ok;
  }
  return reportWaitEnd(io, command, kind, id, outcome.error);
}

/** What the progress display shows of a status, as the job's description reads it. */
export function snapshotOf(job: JobName, status: unknown): ProgressSnapshot {
  const record = (status !== null && typeof status === "object" ? status : { status }) as StatusRecord;
  const { progress, detail } = jobs[job];
  return { status: String(record.status ?? "-"), percent: progress(record), detail: detail(record) };
}
