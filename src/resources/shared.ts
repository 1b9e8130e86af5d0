/** Small pieces every resource uses: the id whichever name the server gave it, and waits. */
import type { RequestOptions } from "../core/options.js";
import type { WaitOptions } from "../core/poll.js";
import { UnexpectedAnswer } from "../core/request.js";

/**
 * The answer with `id` set from whichever name the server used (`id`, `alignment_id`,
 * `benchmark_id`, `evaluation_id`, ...); the original fields stay. `fallback` is the id
 * the caller asked about, for reads; a create without one throws (it may have taken effect).
 */
export function withId<T extends object>(data: T, names: readonly string[], fallback?: string): T & { id: string } {
  const id = idOf(data, names).id ?? fallback;
  if (id === undefined) throw new UnexpectedAnswer(`an id (${["id", ...names].map((name) => `\`${name}\``).join(" or ")})`, true);
  return { ...data, id };
}

/** `{ id }` from whichever name the server used, or nothing when it sent none. */
export function idOf(data: object, names: readonly string[]): { id?: string } {
  const record = data as Record<string, unknown>;
  const id = ["id", ...names].map((name) => record[name]).find((value): value is string => typeof value === "string" && value !== "");
  return id === undefined ? {} : { id };
}

/** Options of the `...AndWait` helpers: the wait's (whose `timeoutMs` is the wait's deadline; `maxRetries` and `headers` serve every request) and the first request's. */
export type AndWaitOptions<Status> = WaitOptions<Status> & Omit<RequestOptions, "signal" | "timeoutMs">;

/** Splits `...AndWait` options into the first request's and the wait's. */
export function splitAndWait<Status, Extra extends object>(options: AndWaitOptions<Status> & Extra) {
  const { pollIntervalMs, timeoutMs, onProgress, signal, maxFailedPolls, ...request } = options;
  // Retries and headers serve the first request and every status read alike.
  const { maxRetries, headers } = request as { maxRetries?: number; headers?: Record<string, string> };
  return { wait: { pollIntervalMs, timeoutMs, onProgress, signal, maxFailedPolls, maxRetries, headers } as WaitOptions<Status>, request: { ...request, signal } };
}

/** A percentage from a status that counts done items (`questions_completed` of `total_questions`). */
export function percent(done: unknown, total: unknown): number | undefined {
  return typeof done === "number" && typeof total === "number" && total > 0 ? (done / total) * 100 : undefined;
}
