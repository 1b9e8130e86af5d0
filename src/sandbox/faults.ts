/**
 * Fault injection for testing clients: latency, random 5xx, and a requests-per-second
 * limit answered with 429 and Retry-After; for streamed inference, a stream cut, an error
 * event or a stall after N events; an evaluation status route that answers 500 on every
 * poll, as the live 2026-09 API's did for hours. Each can be set for the whole sandbox or for
 * one request by a header (x-sandbox-latency-ms, x-sandbox-fail-rate, x-sandbox-rate-limit,
 * x-sandbox-stream-cut-after, x-sandbox-stream-error-after, x-sandbox-stream-stall-after,
 * x-sandbox-evaluation-status-fails).
 */
import type { StreamFaults } from "./inference/event-stream.js";

export interface FaultOptions {
  /** Delay before every answer, in ms. */
  latencyMs?: number;
  /** Share of requests (0..1) answered with a 5xx. */
  failRate?: number;
  /** Requests allowed per second; more are answered 429. */
  rateLimit?: number;
  /** Close a stream's connection after this many events, without [DONE]. */
  streamCutAfter?: number;
  /** Send an error event after this many events of a stream, then end it. */
  streamErrorAfter?: number;
  /** Stop sending after this many events of a stream, keeping the connection open. */
  streamStallAfter?: number;
  /** Answer every `GET /evaluations/{id}/status` with 500 `Internal Server Error` (plain text). Default false. */
  evaluationStatusFails?: boolean;
}

/** The faults every request can meet. */
export interface RequestFaults {
  latencyMs: number;
  failRate: number;
  rateLimit: number;
}

export type Fault = { status: number; detail: string; headers: Record<string, string> } | undefined;

const FAILURE_STATUSES = [500, 502, 503, 504];

export class Faults {
  private windowStart = 0;
  private countInWindow = 0;

  constructor(
    private readonly defaults: FaultOptions,
    private readonly now: () => number,
    private readonly random: () => number,
  ) {}

  /** Settings for one request: its headers override the sandbox's own. */
  settingsFor(headers: Headers): RequestFaults {
    const number = (name: string, fallback: number | undefined) => {
      const raw = headers.get(name);
      const value = raw === null ? Number.NaN : Number(raw);
      return Number.isFinite(value) ? value : (fallback ?? 0);
    };
    return {
      latencyMs: number("x-sandbox-latency-ms", this.defaults.latencyMs),
      failRate: number("x-sandbox-fail-rate", this.defaults.failRate),
      rateLimit: number("x-sandbox-rate-limit", this.defaults.rateLimit),
    };
  }

  /** The fault this request meets, if any. Counts the request against the rate limit. */
  faultFor(settings: RequestFaults): Fault {
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.countInWindow = 0;
    }
    this.countInWindow++;
    if (settings.rateLimit > 0 && this.countInWindow > settings.rateLimit) {
      const waitMs = Math.max(1, this.windowStart + 1000 - now);
      return {
        status: 429,
        detail: `Rate limit exceeded: ${settings.rateLimit} requests per second (sandbox).`,
        headers: { "retry-after": String(Math.ceil(waitMs / 1000)), "retry-after-ms": String(waitMs) },
      };
    }
    if (settings.failRate > 0 && this.random() < settings.failRate) {
      const status = FAILURE_STATUSES[Math.floor(this.random() * FAILURE_STATUSES.length)] ?? 500;
      return { status, detail: `Injected fault: ${status} (sandbox fail rate ${settings.failRate}).`, headers: {} };
    }
    return undefined;
  }

  /** Whether this request to an evaluation's status route fails: its header (`1`/`true`, `0`/`false`) overrides the sandbox's setting. */
  evaluationStatusFails(headers: Headers): boolean {
    const raw = headers.get("x-sandbox-evaluation-status-fails")?.trim().toLowerCase();
    if (raw === "1" || raw === "true") return true;
    if (raw === "0" || raw === "false") return false;
    return this.defaults.evaluationStatusFails ?? false;
  }

  /** A stream's faults: its headers override the sandbox's own; each counts events sent (0 = before the first). */
  streamFaultsFor(headers: Headers): StreamFaults {
    const count = (name: string, fallback: number | undefined) => {
      const raw = headers.get(name);
      return raw !== null && /^\s*\d+\s*$/.test(raw) ? Number(raw) : fallback;
    };
    return {
      cutAfter: count("x-sandbox-stream-cut-after", this.defaults.streamCutAfter),
      errorAfter: count("x-sandbox-stream-error-after", this.defaults.streamErrorAfter),
      stallAfter: count("x-sandbox-stream-stall-after", this.defaults.streamStallAfter),
    };
  }
}
