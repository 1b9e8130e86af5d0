import { statusOutcome } from "./alignment-status.js";
import {
  APIConnectionError,
  APIError,
  AlignmentFailedError,
  InternalServerError,
  RateLimitError,
  WaitTimeoutError,
} from "./core/errors.js";
import { retryAfterMs } from "./core/retry-policy.js";
import { sleep } from "./core/sleep.js";
import type { AlignmentStatusResponse } from "./types.js";

export interface WaitOptions {
  /** A fixed time between polls. By default the interval adapts: short at first, then
   * aimed at the finish the progress predicts, never more than a minute. */
  pollIntervalMs?: number;
  /** Give up waiting (the project keeps running) after this long. Default: no limit. */
  timeoutMs?: number;
  /** Stops waiting at once with an APIUserAbortError. */
  signal?: AbortSignal;
  /** Called with the status whenever the status or the progress changes. */
  onProgress?: (status: AlignmentStatusResponse) => void;
}

export interface StatusRead {
  data: AlignmentStatusResponse;
  headers: Headers;
}

interface Sample {
  at: number;
  progress: number | undefined;
}

export const MIN_POLL_MS = 1_000;
export const MAX_POLL_MS = 60_000;
/** Without a usable progress rate, wait a tenth of the time waited so far (a gentle geometric ramp). */
const RAMP = 0.1;
/** Aim a little past the predicted finish, so the poll lands after it. */
const OVERSHOOT = 1.02;

/**
 * How long to wait before the next poll. With progress readings, aim just past the finish
 * they predict; without, ramp up by a tenth of the time waited. Always between one second
 * and one minute, so long jobs are polled about once a minute and short ones promptly.
 */
export function nextPollDelay(samples: Sample[], startedAt: number): number {
  const last = samples[samples.length - 1];
  if (!last) return MIN_POLL_MS;
  let delay = (last.at - startedAt) * RAMP;
  const first = samples.find((sample) => sample.progress !== undefined);
  if (first?.progress !== undefined && last.progress !== undefined && last.progress > first.progress && last.at > first.at) {
    const percentPerMs = (last.progress - first.progress) / (last.at - first.at);
    delay = ((100 - last.progress) / percentPerMs) * OVERSHOOT;
  }
  return Math.min(Math.max(delay, MIN_POLL_MS), MAX_POLL_MS);
}

/** Failures worth polling through: the server or the network hiccupped, not the request. */
function isTransient(error: unknown): boolean {
  return (
    error instanceof APIConnectionError ||
    error instanceof InternalServerError ||
    error instanceof RateLimitError ||
    (error instanceof APIError && (error.status === 408 || error.status === 409))
  );
}

/** Polls a project's status until it ends; see AlignmentProjects.waitUntilDone. */
export async function waitUntilDone(
  projectId: string,
  readStatus: (signal: AbortSignal | undefined) => Promise<StatusRead>,
  options: WaitOptions = {},
): Promise<AlignmentStatusResponse> {
  const { pollIntervalMs, timeoutMs, signal, onProgress } = options;
  const startedAt = Date.now();
  const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : startedAt + timeoutMs;
  const samples: Sample[] = [];
  let last: AlignmentStatusResponse | undefined;
  let lastKey: string | undefined;

  for (;;) {
    let serverWishMs: number | undefined;
    try {
      const { data, headers } = await readStatus(signal);
      serverWishMs = retryAfterMs(headers);
      last = data;
      const progress = typeof data.data?.progress === "number" ? data.data.progress : undefined;
      samples.push({ at: Date.now(), progress });
      const key = `${data.status}|${progress}`;
      if (key !== lastKey) {
        lastKey = key;
        onProgress?.(data);
      }
      const outcome = statusOutcome(data.status);
      if (outcome === "succeeded") return data;
      if (outcome === "failed") throw new AlignmentFailedError(projectId, data);
    } catch (error) {
      if (!isTransient(error)) throw error;
      // The transport already retried this read; keep polling, at the server's pace if it named one.
      serverWishMs = error instanceof APIError ? retryAfterMs(new Headers(error.headers)) : undefined;
    }

    const now = Date.now();
    if (now >= deadline) throw new WaitTimeoutError(projectId, last, timeoutMs ?? 0);
    const planned = pollIntervalMs ?? nextPollDelay(samples, startedAt);
    // One last poll lands on the deadline rather than past it.
    await sleep(Math.min(Math.max(planned, serverWishMs ?? 0), deadline - now), signal);
  }
}
