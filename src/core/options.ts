import { NugenError } from "./errors.js";
import type { LogLevel, Logger } from "./logger.js";

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

/** Settings are checked where they are given, with a message naming them. */
export function checkedTimeout(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value > 0)) {
    throw new NugenError(`Invalid ${name} ${String(value)}: expected a positive number of milliseconds.`);
  }
  return value;
}

export function checkedRetries(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new NugenError(`Invalid ${name} ${String(value)}: expected a whole number, 0 or more.`);
  }
  return value;
}

/** The per-call options every method takes, checked before anything is sent. */
export function checkedRequestOptions<T extends RequestOptions | undefined>(options: T): T {
  if (options === undefined) return options;
  if (options === null || typeof options !== "object") throw new NugenError(`Invalid options ${String(options)}: expected an object.`);
  checkedTimeout(options.timeoutMs, "options.timeoutMs");
  checkedRetries(options.maxRetries, "options.maxRetries");
  if (options.signal !== undefined && !isSignal(options.signal)) throw new NugenError("Invalid options.signal: expected an AbortSignal.");
  return options;
}

export function isSignal(value: unknown): value is AbortSignal {
  return value !== null && typeof value === "object" && typeof (value as AbortSignal).aborted === "boolean" && typeof (value as AbortSignal).addEventListener === "function";
}
