import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  NugenError,
  apiErrorClassFor,
  markAmbiguous,
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
  /** Headers every request carries (the SDK's User-Agent, say); the caller's win. */
  defaultHeaders?: Record<string, string>;
}

/** JSON types an answer may have: `object`, `array`, `string`, ... or `any`. */
export type AnswerTypes = readonly string[];

export interface CallOptions extends RequestOptions {
  /** Said in errors after which a non-idempotent request may have taken effect. */
  ambiguityHint?: string;
  /** What a 2xx must hold, as the operation's spec says. Default: any JSON. */
  answer?: AnswerTypes;
  /** Hand back the 2xx unread: an event stream, whose gaps `timeoutMs` then bounds. */
  stream?: boolean;
  /** Overrides the method's idempotency: a POST that creates nothing may be retried like a read. */
  idempotent?: boolean;
}

/** The fetch that openapi-fetch calls: auth, per-attempt timeout, retries, typed errors. */
export type Send = (request: Request, call?: CallOptions) => Promise<Response>;

export const DEFAULT_AMBIGUITY_HINT = "The request may have taken effect on the server; check before sending it again.";
const SNIPPET_LENGTH = 200;

/** A request body as fetch takes it: strings and FormData (with disk-backed files) are sent as they are, never read into memory here. */
type Body = string | FormData | Blob | URLSearchParams | ArrayBuffer | undefined;

/**
 * The only request loop of the SDK. It throws a NugenError for everything that is not a
 * readable 2xx answer, so callers (and `nugen.api`) never see a bare SyntaxError, a raw
 * fetch TypeError or an unhandled rejection. Errors are built here, with the key scrubbed.
 */
export function createTransport(config: TransportConfig): Send {
  const { secret, logger } = config;

  return async function send(request, call = {}) {
    // PlainRequest carries no signal unless the caller gave one; then nothing needs watching.
    const signal: AbortSignal | undefined = call.signal ?? request.signal ?? undefined;
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    const maxRetries = call.maxRetries ?? config.maxRetries;
    const method = request.method;
    const url = request.url;
    // For log lines only; computed once, without parsing the URL on every request.
    const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/\?.*$/, "");
    const idempotent = call.idempotent ?? isIdempotent(method);
    const body = await replayableBody(request);
    // openapi-fetch builds a fresh Headers for every call: add to it rather than copy it.
    const headers = request.headers;
    for (const [name, value] of Object.entries(config.defaultHeaders ?? {})) if (!headers.has(name)) headers.set(name, value);
    for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);
    headers.set("Authorization", `Bearer ${secret.value}`);

    const ambiguous = (error: NugenError): NugenError => (idempotent ? error : markAmbiguous(error, call.ambiguityHint ?? DEFAULT_AMBIGUITY_HINT));

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
      const started = Date.now();
      const retriesLeft = attempt <= maxRetries;
      let response: Response;
      let settle: Settle;
      // Reading the body stays inside the time limit: a server may stall after the headers.
      let text = "";
      try {
        ({ response, settle } = await attemptOnce(url, { method, headers, body }, signal, timeoutMs, config.fetch));
        if (response.ok && call.stream) return settle.asStream(response);
        text = await settle.readText(response);
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

      // Built only when wanted: this runs on every request.
      if (logger.enabled("debug")) {
        logger.debug(`${method} ${path} -> ${response.status} (attempt ${attempt}, ${Date.now() - started} ms)`, {
          requestHeaders: redactedHeaders(headers),
        });
      }
      if (response.ok) {
        // A 2xx we cannot read (an HTML page from a gateway, say) still means a create happened.
        try {
          return readable(response, text, method, call.answer, secret);
        } catch (error) {
          throw ambiguous(error as NugenError);
        }
      }

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

/**
 * The body to send on every attempt. A PlainRequest keeps what openapi-fetch built (a JSON
 * string, a FormData whose files stay on disk): fetch serialises it afresh each time. A real
 * Request (once middleware is in use) holds a one-shot stream, so it is read once here.
 */
async function replayableBody(request: Request): Promise<Body> {
  const body = request.body as unknown;
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string" || body instanceof FormData || body instanceof Blob || body instanceof URLSearchParams || body instanceof ArrayBuffer) {
    return body;
  }
  return request.blob();
}

/** What a Stream uses to keep the per-gap time limit and to name a failure while reading. */
export interface GapTimer {
  /** A read starts: it has `timeoutMs`. */
  arm(): void;
  /** The read is done. */
  disarm(): void;
  /** The stream ended or was dropped: stop the timer and the caller's abort listener. */
  release(): void;
  /** A read failed: the typed error (timeout, abort, broken connection). */
  failure(error: unknown): NugenError;
}

const streamGaps = new WeakMap<Response, GapTimer>();
const parsedAnswers = new WeakMap<Response, unknown>();

/** The JSON of an answer, parsed once by the transport (openapi-fetch would parse a chunked one again). */
export function parsedAnswerOf(response: Response): unknown {
  return parsedAnswers.get(response);
}

/** The gap timer of a streamed answer, set by the transport. */
export function gapTimerOf(response: Response): GapTimer | undefined {
  return streamGaps.get(response);
}

interface Settle {
  readText(response: Response): Promise<string>;
  asStream(response: Response): Response;
}

/**
 * One attempt, bounded by `timeoutMs`: until the whole body is read for an ordinary answer;
 * for a stream, until the headers and then for each gap between chunks.
 */
async function attemptOnce(
  url: string,
  init: { method: string; headers: Headers; body: Body },
  signal: AbortSignal | undefined,
  timeoutMs: number,
  fetchImpl: typeof fetch,
): Promise<{ response: Response; settle: Settle }> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  let timedOut = false;
  let timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const release = () => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  };
  let answered = false;
  const failure = (error: unknown): NugenError => {
    if (signal?.aborted) return new APIUserAbortError(undefined, { cause: signal.reason });
    if (timedOut) return new APITimeoutError(`Request to ${url} timed out after ${timeoutMs} ms${answered ? " while reading the answer" : ""}.`, { cause: error });
    if (answered) return new APIConnectionError(`The connection to ${url} broke while reading the answer: ${describe(error)}.`, { cause: error });
    if (causes(error).some((cause) => (cause as Error)?.message === "unexpected redirect")) {
      return new APIConnectionError(`${url} answered with a redirect, which the SDK does not follow; check baseUrl (https://, no extra path).`, { cause: error });
    }
    return new APIConnectionError(`Could not reach ${url}: ${describe(error)}.`, { cause: error });
  };

  let response: Response;
  try {
    // Redirects are refused: the API answers in place, and following one costs Node's fetch a
    // copy of the request and its body (undici#4058: a whole upload kept in memory; +50 µs a call).
    response = await fetchImpl(url, { ...init, signal: controller.signal, redirect: "error" });
  } catch (error) {
    release();
    throw failure(error);
  }
  answered = true;
  const settle: Settle = {
    async readText(answer) {
      try {
        return await answer.text();
      } catch (error) {
        throw failure(error);
      } finally {
        release();
      }
    },
    asStream(answer) {
      // From here the limit bounds each wait for the next chunk, not the whole answer, and
      // only while the SDK waits on the network: a caller slow to handle a chunk is no stall.
      clearTimeout(timer);
      const arm = () => {
        timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs);
      };
      streamGaps.set(answer, { arm, disarm: () => clearTimeout(timer), release, failure });
      return answer;
    },
  };
  return { response, settle };
}

/** Sleeps before a retry; the caller's signal cuts the sleep short. */
function pause(ms: number, signal: AbortSignal | undefined, logger: Logger, why: string): Promise<void> {
  logger.info(`${why}; retrying in ${Math.round(ms)} ms`);
  return sleep(ms, signal);
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function allows(answer: AnswerTypes, value: unknown): boolean {
  const type = jsonType(value);
  return answer.includes("any") || answer.includes(type) || (type === "integer" && answer.includes("number"));
}

/**
 * A 2xx must carry JSON of the type the operation's spec promises (an object for most, a
 * bare string for undeploy, either a list or an object for uploads). The parsed value is
 * handed to openapi-fetch through the response's own json()/text(), so it is parsed once.
 */
function readable(response: Response, text: string, method: string, answer: AnswerTypes = ["any"], secret: Secret): Response {
  let data: unknown;
  if (response.status === 204 || method === "HEAD") {
    if (!answer.includes("any")) throw malformed(response, "no body", text, secret);
  } else {
    if (text.trim() === "") throw malformed(response, "an empty body", text, secret);
    try {
      data = JSON.parse(text);
    } catch {
      throw malformed(response, "a body that is not valid JSON", text, secret);
    }
    if (!allows(answer, data)) {
      const expected = answer.map((type) => (type === "object" ? "a JSON object" : type === "array" ? "a list" : `a ${type}`)).join(" or ");
      throw malformed(response, `an unexpected body: expected ${expected}, got ${jsonType(data)}`, text, secret);
    }
  }
  Object.defineProperties(response, {
    text: { value: async () => text },
    json: { value: async () => data },
  });
  parsedAnswers.set(response, data);
  return response;
}

/** A 2xx whose data lacks what the method promises (a create answered without an id, say). */
export function shapeError(response: Response, data: unknown, expected: string, secret: Secret, ambiguityHint?: string): APIError {
  const got = (JSON.stringify(data) ?? String(data)).slice(0, SNIPPET_LENGTH);
  const error = new APIError(response.status, secret.scrubDeep(data), headerRecord(response.headers, secret), secret.scrub(`${response.status} with an unexpected body: expected ${expected}, got ${got}.`));
  return ambiguityHint ? markAmbiguous(error, ambiguityHint) : error;
}

/** An `error` object sent on an event stream, as an APIError with the server's message. */
export function streamEventError(response: Response, event: Record<string, unknown>, secret: Secret): APIError {
  const error = event.error as { message?: unknown } | string;
  const message = typeof error === "string" ? error : typeof error?.message === "string" ? error.message : JSON.stringify(error);
  return new APIError(response.status, secret.scrubDeep(event), headerRecord(response.headers, secret), secret.scrub(`Error on the stream: ${message}`));
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
  const ErrorClass = apiErrorClassFor(response.status, body);
  return new ErrorClass(response.status, secret.scrubDeep(body), headerRecord(response.headers, secret), secret.scrub(`${response.status} ${reason}`));
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

/** Plain words for the usual network failures, else the runtime's own message and code. */
const CAUSES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ConnectionRefused: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ECONNRESET: "connection reset by the server",
  UND_ERR_SOCKET: "the server closed the connection",
  EPIPE: "the server closed the connection while the request was being sent",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ECONNABORTED: "connection aborted",
};

/** An error and its causes, outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e && chain.length < 4; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

function describe(error: unknown): string {
  for (const e of causes(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CAUSES[code]) return CAUSES[code];
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const detail = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : "";
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${detail})` : message;
}
