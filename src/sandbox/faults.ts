/**
 * Fault injection for testing clients: latency, random 5xx, and a requests-per-second
 * limit answered with 429 and Retry-After; for streamed inference, a stream cut, an error
 * event or a stall after N events; an evaluation status route that answers 500 on every
 * poll, as the live 2026-09 API's did for hours. Each is set for the whole sandbox, and
 * where settings.ts names a header, for one request by that header (the token pace and the
 * agent run quota too).
 */
import type { StreamFaults } from "./inference/event-stream.js";
import {
  type HeaderSettingName,
  type ResolvedSettings,
  SANDBOX_SETTINGS,
  type SandboxSettings,
  type Setting,
} from "./settings.js";

/** The faults the sandbox can be started with (see settings.ts). */
export type FaultOptions = Pick<
  SandboxSettings,
  | "latencyMs"
  | "failRate"
  | "rateLimit"
  | "streamCutAfter"
  | "streamErrorAfter"
  | "streamStallAfter"
  | "evaluationStatusFails"
>;

/** The faults every request can meet. */
export interface RequestFaults {
  latencyMs: number;
  failRate: number;
  rateLimit: number;
}

export type Fault = { status: number; detail: string; headers: Record<string, string> } | undefined;

const FAILURE_STATUSES = [500, 502, 503, 504];

/** A header's value as the setting's kind reads it; undefined when it holds none (the sandbox's setting applies). */
function headerValue(kind: Setting["kind"], raw: string): number | boolean | undefined {
  const text = raw.trim().toLowerCase();
  if (kind === "switch")
    return text === "1" || text === "true" ? true : text === "0" || text === "false" ? false : undefined;
  if (kind === "count") return /^\d+$/.test(text) ? Number(text) : undefined;
  const value = text === "" ? Number.NaN : Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

export class Faults {
  private windowStart = 0;
  private countInWindow = 0;

  constructor(
    private readonly settings: ResolvedSettings,
    private readonly now: () => number,
    private readonly random: () => number,
  ) {}

  /** A setting for one request: its header's value, else the sandbox's own. */
  requested<K extends HeaderSettingName>(headers: Headers, name: K): ResolvedSettings[K] {
    const setting: Setting = SANDBOX_SETTINGS[name];
    const raw = setting.header ? headers.get(setting.header) : null;
    const value = raw === null ? undefined : headerValue(setting.kind, raw);
    return (value ?? this.settings[name]) as ResolvedSettings[K];
  }

  /** Settings for one request: its headers override the sandbox's own. */
  settingsFor(headers: Headers): RequestFaults {
    return {
      latencyMs: this.requested(headers, "latencyMs"),
      failRate: this.requested(headers, "failRate"),
      rateLimit: this.requested(headers, "rateLimit"),
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

  /** Whether this request to an evaluation's status route fails. */
  evaluationStatusFails(headers: Headers): boolean {
    return this.requested(headers, "evaluationStatusFails");
  }

  /** A stream's faults: each counts events sent (0 = before the first). */
  streamFaultsFor(headers: Headers): StreamFaults {
    return {
      cutAfter: this.requested(headers, "streamCutAfter"),
      errorAfter: this.requested(headers, "streamErrorAfter"),
      stallAfter: this.requested(headers, "streamStallAfter"),
    };
  }
}
