import { NugenError } from "./errors.js";
import type { Logger, LogLevel } from "./logger.js";

export interface ClientOptions {
  /** API key sent as a bearer token. Defaults to the `NUGEN_API_KEY` environment variable. */
  apiKey?: string;
  /** Defaults to `NUGEN_BASE_URL`, else `https://api.nugen.in`. Plain http is allowed only on loopback. */
  baseUrl?: string;
  /** A fetch implementation to use instead of `globalThis.fetch` (a proxy agent, a test double, ...). */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Time limit of each attempt in milliseconds, including reading the body. Default 60 000. */
  timeoutMs?: number;
  /** How many times a failed request is tried again when that is safe. Default 2. */
  maxRetries?: number;
  /** `debug | info | warn | error | off`; defaults to `NUGEN_LOG`, else `warn`. */
  logLevel?: LogLevel;
  /** Where log lines go; anything console-compatible. Defaults to `console`. */
  logger?: Logger;
  /**
   * Which generation of the Nugen API to speak: `"auto"` (default: found out from the server
   * once, on the first call whose route depends on it), `"2026-09"` or `"2026-07"`.
   * Defaults to `NUGEN_API_GENERATION`.
   */
  apiGeneration?: "auto" | "2026-07" | "2026-09";
}

/** Accepted by every method, overriding the client's settings for that call. */
export interface RequestOptions {
  /** Aborts the call at once, also between retries, with an `APIUserAbortError`. */
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
}

export const DEFAULT_BASE_URL = "https://api.nugen.in";
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;

/** The longest a timer can wait: setTimeout fires at once (after 1 ms) for anything longer. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Settings are checked where they are given, with a message naming them. */
export function checkedTimeout(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value > 0)) {
    throw new NugenError(`Invalid ${name} ${String(value)}: expected a positive number of milliseconds.`);
  }
  if (value !== undefined && value > MAX_TIMER_MS) {
    throw new NugenError(
      `Invalid ${name} ${value}: expected at most ${MAX_TIMER_MS} ms (about 24.8 days), the longest a timer can wait.`,
    );
  }
  return value;
}

export function checkedRetries(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new NugenError(`Invalid ${name} ${String(value)}: expected a whole number, 0 or more.`);
  }
  return value;
}

/** A header name as HTTP has it (RFC 9110 `token`). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Headers the caller adds, checked before sending: the runtime would throw a TypeError that
 * prints the value (maybe a key), and a line break would end the header and start another.
 * Values are never printed.
 */
export function checkedHeaders(headers: Record<string, string> | undefined, name: string): void {
  if (headers === undefined) return;
  if (headers === null || typeof headers !== "object" || Array.isArray(headers))
    throw new NugenError(`Invalid ${name}: expected an object of header names and values.`);
  for (const [header, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(header))
      throw new NugenError(
        `Invalid header name ${JSON.stringify(header)} in ${name}: a name is letters, digits and !#$%&'*+-.^_\`|~ only.`,
      );
    const invalid = (why: string) => new NugenError(`Invalid ${header} header (${name}): ${why}.`);
    if (typeof value !== "string") throw invalid(`expected a string, got ${value === null ? "null" : typeof value}`);
    if (/[\r\n]/.test(value))
      throw invalid("the value holds a line break, which would end the header; a header value is one line");
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) throw invalid("the value holds a control character");
    if (/[^\u0000-\u00ff]/.test(value))
      throw invalid(
        "the value holds a character outside Latin-1, which a header cannot carry; percent-encode it (encodeURIComponent)",
      );
  }
}

/** The per-call options every method takes, checked before anything is sent. */
export function checkedRequestOptions<T extends RequestOptions | undefined>(options: T): T {
  if (options === undefined) return options;
  if (options === null || typeof options !== "object")
    throw new NugenError(`Invalid options ${String(options)}: expected an object.`);
  checkedHeaders(options.headers, "options.headers");
  checkedTimeout(options.timeoutMs, "options.timeoutMs");
  checkedRetries(options.maxRetries, "options.maxRetries");
  if (options.signal !== undefined && !isSignal(options.signal))
    throw new NugenError("Invalid options.signal: expected an AbortSignal.");
  return options;
}

export function isSignal(value: unknown): value is AbortSignal {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as AbortSignal).aborted === "boolean" &&
    typeof (value as AbortSignal).addEventListener === "function"
  );
}
