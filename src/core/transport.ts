import {
  AnswerTooLargeError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  apiErrorClassFor,
  FileReadError,
  markAmbiguous,
  NugenError,
  printableJson,
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
  /** Headers every request carries (the SDK's User-Agent, the client's `headers`); a request's own win. */
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
  /** A second signal that aborts the call (a Stream's own controller), beside the caller's. */
  abortOn?: AbortSignal;
  /** Overrides the method's idempotency: a POST that creates nothing may be retried like a read. */
  idempotent?: boolean;
  /** The most bytes a JSON answer may have. Default DEFAULT_MAX_ANSWER_BYTES. */
  maxAnswerBytes?: number;
  /** The operation may answer an event stream of its own accord (an agent's run): read it whole, as text. */
  eventStreamWhole?: boolean;
}

/** What goes on the wire: built by the request layer (or from a Request, for `nugen.api`). */
export interface Outgoing {
  method: string;
  url: string;
  /** Lower-case names; the transport adds the defaults and the key. */
  headers: Record<string, string>;
  /** Strings and FormData (disk-backed files) are sent as they are on every attempt, never read here. */
  body?: string | FormData | Blob | undefined;
}

/** A readable 2xx: its parsed JSON (and text), or, for a stream, its unread body and the gap timer. */
export type Answer =
  | { kind: "data"; response: Response; data: unknown; text: string }
  /** An event stream the server chose to send where JSON may come too, read whole (the key scrubbed). */
  | { kind: "events"; response: Response; text: string }
  | { kind: "stream"; response: Response; body: ReadableStream<Uint8Array>; gap: GapTimer };

/** The SDK's one request loop: auth, per-attempt timeout, retries, typed errors. */
export type Send = (outgoing: Outgoing, call?: CallOptions) => Promise<Answer>;

export const DEFAULT_AMBIGUITY_HINT = "The request may have taken effect on the server; check before sending it again.";
/** A JSON answer larger than this is refused: a runaway body must not fill the memory. */
export const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const SNIPPET_LENGTH = 200;

/**
 * The only request loop of the SDK. It throws a NugenError for everything that is not a
 * readable 2xx answer, so callers (and `nugen.api`) never see a bare SyntaxError, a raw
 * fetch TypeError or an unhandled rejection. Errors are built here, with the key scrubbed.
 */
export function createTransport(config: TransportConfig): Send {
  const { secret, logger } = config;
  const defaults = Object.entries(config.defaultHeaders ?? {}).map(
    ([name, value]) => [name.toLowerCase(), value] as const,
  );

  return async function send(outgoing, call = {}) {
    const signals = [call.signal, call.abortOn].filter((signal): signal is AbortSignal => signal !== undefined);
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    const maxRetries = call.maxRetries ?? config.maxRetries;
    const { method, url, body } = outgoing;
    // For log lines only; computed once, without parsing the URL on every request.
    const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/\?.*$/, "");
    const idempotent = call.idempotent ?? isIdempotent(method);
    const headers = outgoing.headers;
    for (const [name, value] of defaults) if (!(name in headers)) headers[name] = value;
    for (const [name, value] of Object.entries(call.headers ?? {})) headers[name.toLowerCase()] = value;
    headers.authorization = `Bearer ${secret.value}`;

    const ambiguous = (error: NugenError): NugenError =>
      idempotent ? error : markAmbiguous(error, call.ambiguityHint ?? DEFAULT_AMBIGUITY_HINT);

    for (let attempt = 1; ; attempt++) {
      const aborted = signals.find((signal) => signal.aborted);
      if (aborted) throw new APIUserAbortError(undefined, { cause: aborted.reason });
      const started = Date.now();
      const retriesLeft = attempt <= maxRetries;
      let response: Response;
      // Reading the body stays inside the time limit: a server may stall after the headers.
      let text = "";
      try {
        const deadline = new Deadline(url, signals, timeoutMs, secret);
        response = await deadline.fetch(config.fetch, { method, headers, body });
        if (response.ok && call.stream)
          return { kind: "stream", response, body: response.body ?? emptyBody(), gap: deadline.gapTimer() };
        text = await deadline.readText(response, call.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES);
      } catch (error) {
        const failure = error as NugenError;
        logger.debug(`${method} ${path} failed: ${failure.message} (attempt ${attempt}, ${Date.now() - started} ms)`);
        // A file that could not be read is local: nothing was stored, and sending again would fail the same way.
        if (failure instanceof APIUserAbortError || failure instanceof FileReadError) throw failure;
        if (failure instanceof AnswerTooLargeError) throw ambiguous(failure);
        const safeToRetry = idempotent || (!(failure instanceof APITimeoutError) && neverConnected(failure.cause));
        if (retriesLeft && safeToRetry) {
          await pause(backoffMs(attempt - 1), signals, logger, `${method} ${path}: ${failure.message}`);
          continue;
        }
        throw safeToRetry ? failure : ambiguous(failure);
      }

      // Built only when wanted: this runs on every request.
      if (logger.enabled("debug")) {
        logger.debug(`${method} ${path} -> ${response.status} (attempt ${attempt}, ${Date.now() - started} ms)`, {
          requestHeaders: redactedHeaders(headers, secret),
        });
      }
      if (response.ok) {
        // A 2xx we cannot read (an HTML page from a gateway, say) still means a create happened.
        try {
          // Known by its content type, or by its first line when a proxy lost that.
          if (
            call.eventStreamWhole &&
            (/^text\/event-stream/i.test(response.headers.get("content-type") ?? "") || /^\s*data:/.test(text))
          ) {
            return { kind: "events", response, text: secret.scrub(text) };
          }
          return { kind: "data", response, data: parsed(response, text, method, call.answer, secret), text };
        } catch (error) {
          throw ambiguous(error as NugenError);
        }
      }

      if (retriesLeft && shouldRetryStatus(response.status, idempotent, response.headers)) {
        const wait = retryAfterMs(response.headers) ?? backoffMs(attempt - 1);
        await pause(wait, signals, logger, `${method} ${path} answered ${response.status}`);
        continue;
      }
      const error = errorFromResponse(response, text, secret);
      throw response.status >= 500 ? ambiguous(error) : error;
    }
  };
}

/** What a Stream uses to keep the per-gap time limit and to name a failure while reading. */
export interface GapTimer {
  /** The reader of the body: cancelled here when the limit passes or the call is aborted. */
  watch(reader: ReadableStreamDefaultReader<Uint8Array>): void;
  /** A read starts: it has `timeoutMs`. */
  arm(): void;
  /** The read is done. */
  disarm(): void;
  /** The stream ended or was dropped: stop the timer and the abort listeners. */
  release(): void;
  /** The typed error when the limit passed or the call was aborted (a cancelled read then ends "done"). */
  cut(): NugenError | undefined;
  /** A read failed: the typed error (timeout, abort, broken connection). */
  failure(error: unknown): NugenError;
}

/**
 * One attempt's time limit and abort, bounding the headers and then every read of the body.
 * When either fires, the body's reader is cancelled here as well as the fetch aborted: Node
 * 20's fetch stops forwarding an abort to a body still being read once its internal request
 * has been garbage-collected, so the abort alone could leave a read hanging for ever.
 */
class Deadline {
  readonly #controller = new AbortController();
  readonly #signals: AbortSignal[];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timedOut = false;
  #answered = false;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  constructor(
    readonly url: string,
    signals: AbortSignal[],
    readonly timeoutMs: number,
    readonly secret: Secret,
  ) {
    this.#signals = signals;
    for (const signal of signals) signal.addEventListener("abort", this.#onAbort, { once: true });
    this.#arm();
  }

  #onAbort = (): void => {
    const reason = this.#signals.find((signal) => signal.aborted)?.reason;
    this.#controller.abort(reason);
    this.#reader?.cancel(reason).catch(() => undefined);
  };

  #arm(): void {
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort();
      this.#reader?.cancel().catch(() => undefined);
    }, this.timeoutMs);
  }

  release(): void {
    clearTimeout(this.#timer);
    for (const signal of this.#signals) signal.removeEventListener("abort", this.#onAbort);
  }

  async fetch(
    fetchImpl: typeof fetch,
    init: { method: string; headers: Record<string, string>; body: Outgoing["body"] },
  ): Promise<Response> {
    try {
      // Redirects are refused: the API answers in place, and following one costs Node's fetch a
      // copy of the request and its body (undici#4058: a whole upload kept in memory; +50 µs a call).
      const response = await fetchImpl(this.url, { ...init, signal: this.#controller.signal, redirect: "error" });
      this.#answered = true;
      return response;
    } catch (error) {
      this.release();
      throw this.failure(error);
    }
  }

  /** The whole body as text, read in pieces (never more than `maxBytes`). */
  async readText(response: Response, maxBytes: number): Promise<string> {
    try {
      if (!response.body) return "";
      const reader = response.body.getReader();
      this.#reader = reader;
      const decoder = new TextDecoder();
      const pieces: string[] = [];
      let bytes = 0;
      for (;;) {
        const { value, done } = await reader.read();
        const cut = this.cut();
        if (cut) throw cut;
        if (done) break;
        bytes += value.byteLength;
        if (bytes > maxBytes) {
          reader.cancel().catch(() => undefined);
          throw new AnswerTooLargeError(
            `The answer from ${this.url} is larger than ${maxBytes} bytes, the most the SDK reads for a JSON answer; it was not read further.`,
          );
        }
        pieces.push(decoder.decode(value, { stream: true }));
      }
      pieces.push(decoder.decode());
      return pieces.length === 1 ? (pieces[0] as string) : pieces.join("");
    } catch (error) {
      throw error instanceof NugenError ? error : this.failure(error);
    } finally {
      this.release();
    }
  }

  /** From here the limit bounds each wait for the next chunk, not the whole answer. */
  gapTimer(): GapTimer {
    clearTimeout(this.#timer);
    return {
      watch: (reader) => {
        this.#reader = reader;
      },
      // Only while the SDK waits on the network: a caller slow to handle a chunk is no stall.
      arm: () => this.#arm(),
      disarm: () => clearTimeout(this.#timer),
      release: () => this.release(),
      cut: () => this.cut(),
      failure: (error) => this.failure(error),
    };
  }

  cut(): NugenError | undefined {
    return this.#timedOut || this.#signals.some((signal) => signal.aborted)
      ? this.failure(new Error("cancelled"))
      : undefined;
  }

  failure(error: unknown): NugenError {
    const { url, secret } = this;
    const aborted = this.#signals.find((signal) => signal.aborted);
    if (aborted) return new APIUserAbortError(undefined, { cause: aborted.reason });
    // An upload's file failed while fetch read it (it changed on disk): the SDK's own error, as it is.
    const unreadable = causes(error).find((e) => e instanceof FileReadError);
    if (unreadable) return unreadable as FileReadError;
    const cause = scrubbedError(error, secret);
    if (this.#timedOut) {
      return new APITimeoutError(
        secret.scrub(
          `Request to ${url} timed out after ${this.timeoutMs} ms${this.#answered ? " while reading the answer" : ""}.`,
        ),
        { cause },
      );
    }
    if (this.#answered)
      return new APIConnectionError(
        secret.scrub(`The connection to ${url} broke while reading the answer: ${describe(error)}.`),
        { cause },
      );
    if (causes(error).some((e) => (e as Error)?.message === "unexpected redirect")) {
      return new APIConnectionError(
        secret.scrub(
          `${url} answered with a redirect, which the SDK does not follow; check baseUrl (https://, no extra path).`,
        ),
        { cause },
      );
    }
    return new APIConnectionError(secret.scrub(`Could not reach ${url}: ${describe(error)}.`), { cause });
  }
}

function emptyBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (controller) => controller.close() });
}

/**
 * The error as it is when it holds nothing secret; else a copy (name, code, message, stack
 * and causes) with the key taken out. A custom fetch may put anything in its messages.
 */
function scrubbedError(error: unknown, secret: Secret, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 4) return error;
  const holds = (text: unknown) => typeof text === "string" && secret.scrub(text) !== text;
  const cause = scrubbedError(error.cause, secret, depth + 1);
  if (!holds(error.message) && !holds(error.stack) && cause === error.cause) return error;
  const copy = new Error(secret.scrub(error.message), cause === undefined ? undefined : { cause });
  copy.name = error.name;
  copy.stack = secret.scrub(error.stack ?? "");
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) (copy as { code?: unknown }).code = code;
  return copy;
}

/** Sleeps before a retry; the caller's signal cuts the sleep short. */
function pause(ms: number, signals: AbortSignal[], logger: Logger, why: string): Promise<void> {
  logger.info(`${why}; retrying in ${Math.round(ms)} ms`);
  return sleep(ms, signals[0], signals[1]);
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
 * bare string for undeploy, either a list or an object for uploads).
 */
function parsed(
  response: Response,
  text: string,
  method: string,
  answer: AnswerTypes = ["any"],
  secret: Secret,
): unknown {
  if (response.status === 204 || method === "HEAD") {
    if (!answer.includes("any")) throw malformed(response, "no body", text, secret);
    return undefined;
  }
  if (text.trim() === "") {
    // An operation that documents no body (a delete answering 200 with nothing) may send none.
    if (answer.includes("any")) return undefined;
    throw malformed(response, "an empty body", text, secret);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw malformed(response, "a body that is not valid JSON", text, secret);
  }
  if (!allows(answer, data)) {
    const expected = answer
      .map((type) => (type === "object" ? "a JSON object" : type === "array" ? "a list" : `a ${type}`))
      .join(" or ");
    throw malformed(response, `an unexpected body: expected ${expected}, got ${jsonType(data)}`, text, secret);
  }
  return data;
}

/** A 2xx whose data lacks what the method promises (a create answered without an id, say). */
export function shapeError(
  response: Response,
  data: unknown,
  expected: string,
  secret: Secret,
  ambiguityHint?: string,
): APIError {
  const got = printableJson(data, SNIPPET_LENGTH);
  const error = new APIError(
    response.status,
    secret.scrubDeep(data),
    headerRecord(response.headers, secret),
    secret.scrub(`${response.status} with an unexpected body: expected ${expected}, got ${got}.`),
  );
  return ambiguityHint ? markAmbiguous(error, ambiguityHint) : error;
}

/** An `error` object sent on an event stream, as an APIError with the server's message. */
export function streamEventError(response: Response, event: Record<string, unknown>, secret: Secret): APIError {
  const error = event.error as { message?: unknown } | string;
  const message =
    typeof error === "string" ? error : typeof error?.message === "string" ? error.message : printableJson(error);
  return new APIError(
    response.status,
    secret.scrubDeep(event),
    headerRecord(response.headers, secret),
    secret.scrub(`Error on the stream: ${message}`),
  );
}

function malformed(response: Response, what: string, text: string, secret: Secret): APIError {
  const type = response.headers.get("content-type") ?? "no content type";
  const message = `${response.status} with ${what} (${type}): ${snippet(text) || "<empty>"}`;
  return new APIError(
    response.status,
    secret.scrubDeep(text),
    headerRecord(response.headers, secret),
    secret.scrub(message),
  );
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

/** The request's headers for a debug line: the key masked in whichever header carries it. */
function redactedHeaders(headers: Record<string, string>, secret: Secret): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    record[name] = name === "authorization" ? "Bearer ***" : secret.scrub(value);
  return record;
}

function snippet(text: string): string {
  const flat = text
    .slice(0, SNIPPET_LENGTH * 4)
    .replace(/\s+/g, " ")
    .trim();
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
