/**
 * When a failed attempt is tried again, and after how long. Policy as data, one place.
 *
 * Reads (and every idempotent method) retry like openai-node: connection errors, timeouts,
 * 408, 409, 429 and >= 500. A POST creates something that costs the user GPU hours, so it is
 * retried only when the first attempt provably did not take effect: a 429 (refused before
 * any work) or a connection that never opened.
 */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRYABLE_STATUSES = new Set([408, 409, 429]);
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const MAX_RETRY_AFTER_MS = 60_000;

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function shouldRetryStatus(status: number, idempotent: boolean, headers: Headers): boolean {
  const serverSays = headers.get("x-should-retry");
  if (serverSays === "false") return false;
  if (!idempotent) return status === 429;
  if (serverSays === "true") return true;
  return RETRYABLE_STATUSES.has(status) || status >= 500;
}

/** Codes and messages of failures where the connection never opened, so nothing was sent. */
const NEVER_CONNECTED_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ConnectionRefused",
  "FailedToOpenSocket",
]);
const NEVER_CONNECTED_TEXT =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|connection refused|getaddrinfo|dns error|failed to lookup/i;

export function neverConnected(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && NEVER_CONNECTED_CODES.has(code)) return true;
    if (typeof message === "string" && NEVER_CONNECTED_TEXT.test(message)) return true;
  }
  return false;
}

/** The server's wish from `retry-after-ms` or `Retry-After` (seconds or HTTP date), if sane. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const candidates: number[] = [];
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") candidates.push(Number(ms));
  const after = headers.get("retry-after");
  if (after !== null && after.trim() !== "") {
    const seconds = Number(after);
    candidates.push(Number.isNaN(seconds) ? Date.parse(after) - now : seconds * 1000);
  }
  return candidates.find((value) => Number.isFinite(value) && value >= 0 && value <= MAX_RETRY_AFTER_MS);
}

/** Exponential backoff, 0.5 s doubling to 8 s, minus up to 25% jitter so clients spread out. */
export function backoffMs(retryIndex: number, random = Math.random): number {
  const base = Math.min(BASE_DELAY_MS * 2 ** retryIndex, MAX_DELAY_MS);
  return base * (1 - random() * 0.25);
}
