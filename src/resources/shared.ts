/** Small pieces every resource uses: the id whichever name the server gave it, waits, and answers the transport could not read. */
import { APIError } from "../core/errors.js";
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
  if (id === undefined)
    throw new UnexpectedAnswer(`an id (${["id", ...names].map((name) => `\`${name}\``).join(" or ")})`, true);
  return { ...data, id };
}

/** `{ id }` from whichever name the server used, or nothing when it sent none. */
export function idOf(data: object, names: readonly string[]): { id?: string } {
  const record = data as Record<string, unknown>;
  const id = ["id", ...names]
    .map((name) => record[name])
    .find((value): value is string => typeof value === "string" && value !== "");
  return id === undefined ? {} : { id };
}

/** Options of the `...AndWait` helpers: the wait's (whose `timeoutMs` is the wait's deadline; `maxRetries` and `headers` serve every request) and the first request's. */
export type AndWaitOptions<Status> = WaitOptions<Status> & Omit<RequestOptions, "signal" | "timeoutMs">;

/** Splits `...AndWait` options into the first request's and the wait's. */
export function splitAndWait<Status, Extra extends object>(options: AndWaitOptions<Status> & Extra) {
  const { pollIntervalMs, timeoutMs, onProgress, signal, maxFailedPolls, ...request } = options;
  // Retries and headers serve the first request and every status read alike.
  const { maxRetries, headers } = request as { maxRetries?: number; headers?: Record<string, string> };
  return {
    wait: { pollIntervalMs, timeoutMs, onProgress, signal, maxFailedPolls, maxRetries, headers } as WaitOptions<Status>,
    request: { ...request, signal },
  };
}

/** A percentage from a status that counts done items (`questions_completed` of `total_questions`). */
export function percent(done: unknown, total: unknown): number | undefined {
  return typeof done === "number" && typeof total === "number" && total > 0 ? (done / total) * 100 : undefined;
}

/** A 2xx answer the transport could not read as the JSON its operation promises: its text, as the APIError carries it. */
export interface UnreadableAnswer {
  text: string;
  contentType: string;
  /** The answer's status and headers (its body has been read). */
  response: Response;
  requestId: string | undefined;
}

/**
 * The answer behind an error, when the error is a 2xx whose body was not the JSON expected
 * (an event stream, an empty 200): for the operations whose answers the spec cannot pin to
 * one form. Anything else is no such answer.
 */
export function unreadableAnswer(error: unknown): UnreadableAnswer | undefined {
  if (!(error instanceof APIError) || error.status < 200 || error.status > 299 || typeof error.body !== "string")
    return undefined;
  return {
    text: error.body,
    contentType: error.headers["content-type"] ?? "",
    response: new Response(null, { status: error.status, headers: error.headers }),
    requestId: error.requestId,
  };
}
