/**
 * The one poller behind every wait (documents, benchmarks, alignment, deploy, undeploy,
 * evaluations): an adaptive interval, a deadline, abort, progress callbacks, the server's
 * Retry-After, transient errors polled through (with a warning, and a limit), a typed
 * failure carrying the server's reason and a typed timeout.
 */
import type { WithResponse } from "./api-promise.js";
import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  GenerationDetectionError,
  InternalServerError,
  JobFailedError,
  NugenError,
  RateLimitError,
  type StatusSnapshot,
  WaitTimeoutError,
} from "./errors.js";
import { type JobKind, type StatusOutcome, statusOutcome } from "./job-status.js";
import { type JobName, jobs, type StatusRecord } from "./jobs.js";
import type { Logger } from "./logger.js";
import { checkedRetries, checkedTimeout, isSignal, type RequestOptions } from "./options.js";
import { retryAfterMs } from "./retry-policy.js";
import { linkedSignal } from "./signals.js";
import { sleep } from "./sleep.js";

export interface WaitOptions<Status = unknown> {
  /** A fixed time between polls. By default the interval adapts: short at first, then
   * aimed at the finish the progress predicts, never more than a minute. */
  pollIntervalMs?: number;
  /** Give up waiting (the job keeps running) after this long. Default: no limit. */
  timeoutMs?: number;
  /** Stops waiting at once with an APIUserAbortError. */
  signal?: AbortSignal;
  /** Called with the status whenever the status or the progress changes. */
  onProgress?: (status: Status) => void;
  /** Give up after this many failed status reads in a row (each already retried). Default 10. */
  maxFailedPolls?: number;
  /** For each status read: retries (default: the client's) and extra headers. */
  maxRetries?: number;
  headers?: Record<string, string>;
}

/** How to follow one job: how to read its status, and what the status says. */
export interface Job<Status> {
  /** Whose statuses these are, as the spec's status schema is named. */
  kind: JobKind;
  /** For messages: `document upload`, `alignment project`, ... */
  label: string;
  id: string;
  /** One status read, with the wait's signal (bounded by its deadline), headers and retries. */
  read(options: RequestOptions): Promise<WithResponse<Status>>;
  status(data: Status): string | null | undefined;
  /** Percent done, when the status says. */
  progress?(data: Status): number | undefined;
  /** Seconds left, when the server estimates them (an evaluation's `eta_seconds`). */
  secondsLeft?(data: Status): number | undefined;
  /** Why it failed, when the status says. */
  reason?(data: Status): string | undefined;
  /** The error for a failure; default JobFailedError. */
  failure?(data: Status, reason: string | undefined): JobFailedError;
  /** Whether a status ends the job, when its words alone do not say (default: `kind`'s terminal words). */
  outcome?(data: Status): StatusOutcome;
}

/** A Job from its kind's one description (src/core/jobs.ts) and how to read its status. */
export function describedJob<Status>(
  name: JobName,
  id: string,
  read: Job<Status>["read"],
  extra: Pick<Job<Status>, "failure"> = {},
): Job<Status> {
  const description = jobs[name];
  const view = (data: Status) =>
    data !== null && typeof data === "object" ? (data as StatusRecord) : { status: data };
  return {
    kind: description.statusKind,
    label: description.label,
    id,
    read,
    status: (data) => view(data).status as string | undefined,
    progress: (data) => description.progress(view(data)),
    secondsLeft: (data) => description.secondsLeft(view(data)),
    reason: (data) => description.reason(view(data)),
    outcome: (data) => description.outcome(view(data)),
    ...extra,
  };
}

interface Sample {
  at: number;
  progress: number | undefined;
  /** The server's own estimate of the time left, in ms. */
  leftMs?: number | undefined;
}

export const MIN_POLL_MS = 1_000;
export const MAX_POLL_MS = 60_000;
const DEFAULT_MAX_FAILED_POLLS = 10;
/** Failed reads in a row before each further one is logged as a warning. */
const WARN_AFTER_FAILED_POLLS = 2;
/** Without a usable progress rate, wait a tenth of the time waited so far (a gentle geometric ramp). */
const RAMP = 0.1;
/** Aim a little past the predicted finish, so the poll lands after it. */
const OVERSHOOT = 1.02;

/**
 * How long to wait before the next poll. With the server's estimate of the time left, or
 * progress readings, aim just past the finish they predict; without, ramp up by a tenth of
 * the time waited. Always between one second and one minute, so long jobs are polled about
 * once a minute and short ones promptly.
 */
export function nextPollDelay(samples: Sample[], startedAt: number): number {
  const last = samples[samples.length - 1];
  if (!last) return MIN_POLL_MS;
  if (last.leftMs !== undefined && last.leftMs > 0)
    return Math.min(Math.max(last.leftMs * OVERSHOOT, MIN_POLL_MS), MAX_POLL_MS);
  let delay = (last.at - startedAt) * RAMP;
  const first = samples.find((sample) => sample.progress !== undefined);
  if (
    first?.progress !== undefined &&
    last.progress !== undefined &&
    last.progress > first.progress &&
    last.at > first.at
  ) {
    const percentPerMs = (last.progress - first.progress) / (last.at - first.at);
    delay = ((100 - last.progress) / percentPerMs) * OVERSHOOT;
  }
  return Math.min(Math.max(delay, MIN_POLL_MS), MAX_POLL_MS);
}

/** Failures worth polling through: the server or the network hiccupped, not the request. */
function isTransient(error: unknown): boolean {
  // Finding out the server's generation failed for a reason a later poll may not meet (a 503, say).
  if (error instanceof GenerationDetectionError) return isTransient(error.cause);
  return (
    error instanceof APIConnectionError ||
    error instanceof InternalServerError ||
    error instanceof RateLimitError ||
    (error instanceof APIError && (error.status === 408 || error.status === 409))
  );
}

/** Wait options are checked like the client's: a wrong one is named, not ignored. */
function checkedWaitOptions<S>(options: WaitOptions<S> | undefined): WaitOptions<S> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object")
    throw new NugenError(`Invalid wait options ${String(options)}: expected an object.`);
  checkedTimeout(options.pollIntervalMs, "pollIntervalMs");
  checkedTimeout(options.timeoutMs, "timeoutMs");
  if (options.signal !== undefined && !isSignal(options.signal))
    throw new NugenError("Invalid signal: expected an AbortSignal.");
  if (options.onProgress !== undefined && typeof options.onProgress !== "function")
    throw new NugenError("Invalid onProgress: expected a function.");
  checkedRetries(options.maxRetries, "maxRetries");
  const limit = options.maxFailedPolls;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1))
    throw new NugenError(`Invalid maxFailedPolls ${String(limit)}: expected a whole number, 1 or more.`);
  return options;
}

/** Polls a job's status until it ends; resolves to the final status. */
export async function pollUntilDone<S>(job: Job<S>, options: WaitOptions<S>, logger: Logger): Promise<S> {
  const { pollIntervalMs, timeoutMs, signal, onProgress, maxRetries, headers } = checkedWaitOptions(options);
  const maxFailedPolls = options.maxFailedPolls ?? DEFAULT_MAX_FAILED_POLLS;
  const startedAt = Date.now();
  const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : startedAt + timeoutMs;
  const samples: Sample[] = [];
  let last: S | undefined;
  let lastKey: string | undefined;
  let failedInARow = 0;
  let lastError: unknown;

  for (;;) {
    let serverWishMs: number | undefined;
    try {
      const { data, response } = await readBefore(
        deadline,
        (readSignal) => job.read({ signal: readSignal, maxRetries, headers }),
        signal,
      );
      failedInARow = 0;
      serverWishMs = retryAfterMs(response.headers);
      last = data;
      const progress = job.progress?.(data);
      const secondsLeft = job.secondsLeft?.(data);
      samples.push({ at: Date.now(), progress, leftMs: secondsLeft === undefined ? undefined : secondsLeft * 1000 });
      const status = job.status(data);
      const key = `${status}|${progress}`;
      if (key !== lastKey) {
        lastKey = key;
        onProgress?.(data);
      }
      const outcome = job.outcome ? job.outcome(data) : statusOutcome(job.kind, status);
      if (outcome === "succeeded") return data;
      if (outcome === "failed") {
        const reason = job.reason?.(data);
        throw job.failure?.(data, reason) ?? new JobFailedError(job.label, job.id, snapshot(data), reason);
      }
    } catch (error) {
      if (error === DEADLINE) {
        throw new WaitTimeoutError(
          job.label,
          job.id,
          last === undefined ? undefined : snapshot(last),
          timeoutMs ?? 0,
          describe(job, last),
          lastError,
        );
      }
      if (!isTransient(error)) throw error;
      failedInARow++;
      lastError = error;
      const message = (error as Error).message;
      if (failedInARow >= maxFailedPolls) {
        (error as Error).message =
          `${message} (gave up waiting for ${job.label} ${job.id} after ${failedInARow} failed status reads in a row)`;
        throw error;
      }
      if (failedInARow >= WARN_AFTER_FAILED_POLLS) {
        logger.warn(
          `could not read the status of ${job.label} ${job.id} (${failedInARow} failed tries in a row, giving up at ${maxFailedPolls}): ${message}`,
        );
      }
      // The transport already retried this read; keep polling, at the server's pace if it named one.
      serverWishMs = error instanceof APIError ? retryAfterMs(new Headers(error.headers)) : undefined;
    }

    const now = Date.now();
    if (now >= deadline) {
      throw new WaitTimeoutError(
        job.label,
        job.id,
        last === undefined ? undefined : snapshot(last),
        timeoutMs ?? 0,
        describe(job, last),
        lastError,
      );
    }
    const planned = pollIntervalMs ?? nextPollDelay(samples, startedAt);
    // One last poll lands on the deadline rather than past it.
    await sleep(Math.min(Math.max(planned, serverWishMs ?? 0), deadline - now), signal);
  }
}

const DEADLINE = Symbol("the wait's deadline passed during a status read");

/** A status read cut short (and its connection closed) when the wait's deadline passes. */
async function readBefore<T>(
  deadline: number,
  read: (signal: AbortSignal | undefined) => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (deadline === Number.POSITIVE_INFINITY) return read(signal);
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(DEADLINE), Math.max(0, deadline - Date.now()));
  const linked = linkedSignal(signal, timer.signal);
  try {
    return await read(linked.signal);
  } catch (error) {
    throw timer.signal.aborted && !signal?.aborted && error instanceof APIUserAbortError ? DEADLINE : error;
  } finally {
    clearTimeout(timeout);
    linked.release();
  }
}

function snapshot(data: unknown): StatusSnapshot {
  return data !== null && typeof data === "object" ? (data as StatusSnapshot) : { status: String(data) };
}

function describe<S>(job: Job<S>, last: S | undefined): string {
  if (last === undefined) return "no status read yet";
  const progress = job.progress?.(last);
  return `status ${job.status(last)}${progress === undefined ? "" : `, ${Math.round(progress)}%`}`;
}
