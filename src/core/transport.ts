import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  NugenError,
  apiErrorClassFor,
  reasonFromBody,
} from "./errors.js";
import type { LevelledLogger, Logger } from "./logger.js";
import type { RequestOptions } from "./options.js";
import { backoffMs, isIdempotent, neverConnected, retryAfterMs, shouldRetryStatus } from "./retry-policy.js";
import type { Secret } from "./secret.js";
import { sleep } from "./sleep.js";

export interface TransportConfig {
  secret: Secret;
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
  logger: LevelledLogger;
}

export interface CallOptions extends RequestOptions {
  /** Said in errors after which a non-idempotent request may have taken effect. */
  ambiguityHint?: string;
}

/** The fetch that openapi-fetch calls: auth, per-attempt timeout, retries, typed errors. */
export type Send = (request: Request, call?: CallOptions) => Promise<Response>;

const DEFAULT_AMBIGUITY_HINT = "The request may have taken effect on the server; check before sending it again.";
const SNIPPET_LENGTH = 200;

interface Attempt {
  response: Response;
  text: string;
}

/**
 * The only request loop of the SDK. It throws a NugenError for everything that is not a
 * readable 2xx JSON answer, so callers (and `nugen.api`) never see a bare SyntaxError, a
 * raw fetch TypeError or an unhandled rejection.
 */
export function createTransport(config: TransportConfig): Send {
  const { secret, logger } = config;

  return async function send(request, call = {}) {
    // PlainRequest carries no signal unless the caller gave one; then nothing needs watching.
    const signal: AbortSignal | undefined = call.signal ?? request.signal ?? undefined;
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    const maxRetries = call.maxRetries ?? config.maxRetries;
    const method = request.method;
    // For log lines only; computed once, without parsing the URL on every request.
    const path = request.url.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/\?.*$/, "");
    const idempotent = isIdempotent(method);
    // The body is read once so that every attempt can send it again.
    const body = typeof request.body === "string" ? request.body : request.body ? await request.text() : undefined;
    // openapi-fetch builds a fresh Headers for every call: add to it rather than copy it.
    const headers = request.headers;
    for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);
    headers.set("Authorization", `Bearer ${secret.value}`);

    const ambiguous = (error: NugenError): NugenError => {
      if (idempotent) return error;
      error.mayHaveTakenEffect = true;
      error.message = `${error.message} ${call.ambiguityHint ?? DEFAULT_AMBIGUITY_HINT}`;
      return error;
    };

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new APIUserAbortError();
      const started = Date.now();
      const retriesLeft = attempt <= maxRetries;
      let result: Attempt;
      try {
        result = await attemptOnce(request.url, { method, headers, body }, signal, timeoutMs, config.fetch);
      } catch (error) {
        const failure = error as NugenError;
        logger.debug(`${method} ${path} failed: ${failure.message} (attempt ${attempt}, ${Date.now() - started} ms)`);
        if (failure instanceof APIUserAbortError) throw failure;
        const safeToRetry = idempotent || (!(failure instanceof APITimeoutError) && neverConnected(failure.cause));
        if (retriesLeft && safeToRetry) {
          await pause(backoffMs(attempt - 1), signal, logger, `${method} ${path}: ${failure.message}`);
          continue;
        }
        throw safeToRetry ? failure : ambiguous(failure);
      }

      const { response, text } = result;
      // Built only when wanted: this runs on every request.
      if (logger.enabled("debug")) {
        logger.debug(`${method} ${path} -> ${response.status} (attempt ${attempt}, ${Date.now() - started} ms)`, {
          requestHeaders: redactedHeaders(headers),
        });
      }
      if (response.ok) return readable(response, text, method, secret);

      if (retriesLeft && shouldRetryStatus(response.status, idempotent, response.headers)) {
        const wait = retryAfterMs(response.headers) ?? backoffMs(attempt - 1);
        await pause(wait, signal, logger, `${method} ${path} answered ${response.status}`);
        continue;
      }
      const error = errorFromResponse(response, text, secret);
      throw response.status >= 500 ? ambiguous(error) : error;
    }
  };
}

async function attemptOnce(
  url: string,
  init: { method: string; headers: Headers; body: string | undefined },
  signal: AbortSignal | undefined,
  timeoutMs: number,
  fetchImpl: typeof fetch,
): Promise<Attempt> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetchImpl(url, { ...init, signal: controller.signal, redirect: "follow" });
    // Reading the body stays inside the time limit: a server may stall after the headers.
    return { response, text: await response.text() };
  } catch (error) {
    if (signal?.aborted) throw new APIUserAbortError();
    if (timedOut) throw new APITimeoutError(`Request timed out after ${timeoutMs} ms.`, { cause: error });
    throw new APIConnectionError(`Connection error: ${describe(error)}.`, { cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/** Sleeps before a retry; the caller's signal cuts the sleep short. */
function pause(ms: number, signal: AbortSignal | undefined, logger: Logger, why: string): Promise<void> {
  logger.info(`${why}; retrying in ${Math.round(ms)} ms`);
  return sleep(ms, signal);
}

/**
 * A 2xx must carry JSON (every operation of this API answers JSON). The parsed value is
 * handed to openapi-fetch through the response's own json()/text(), so it is parsed once.
 */
function readable(response: Response, text: string, method: string, secret: Secret): Response {
  let data: unknown;
  if (response.status !== 204 && method !== "HEAD") {
    if (text.trim() === "") throw malformed(response, "an empty body", text, secret);
    try {
      data = JSON.parse(text);
    } catch {
      throw malformed(response, "a body that is not valid JSON", text, secret);
    }
  }
  Object.defineProperties(response, {
    text: { value: async () => text },
    json: { value: async () => data },
  });
  return response;
}

function malformed(response: Response, what: string, text: string, secret: Secret): APIError {
  const type = response.headers.get("content-type") ?? "no content type";
  const message = `${response.status} with ${what} (${type}): ${snippet(text) || "<empty>"}`;
  return new APIError(response.status, secret.scrubDeep(text), headerRecord(response.headers, secret), secret.scrub(message));
}

function errorFromResponse(response: Response, text: string, secret: Secret): APIError {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an HTML page from a proxy, say): the text itself is the body.
  }
  const reason = reasonFromBody(body) ?? (snippet(text) || response.statusText || "no reason given");
  const ErrorClass = apiErrorClassFor(response.status);
  return new ErrorClass(
    response.status,
    secret.scrubDeep(body),
    headerRecord(response.headers, secret),
    secret.scrub(`${response.status} ${reason}`),
  );
}

function headerRecord(headers: Headers, secret: Secret): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = secret.scrub(value);
  });
  return record;
}

function redactedHeaders(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = name === "authorization" ? "Bearer ***" : value;
  });
  return record;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}…` : flat;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const detail = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : "";
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${detail})` : message;
}
