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
