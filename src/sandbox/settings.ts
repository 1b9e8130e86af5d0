/**
 * Every timing, limit and fault of the sandbox, declared once: its createSandbox() option
 * (the key), default, `nugen sandbox` flag, the header that sets it for one request (where
 * one does) and what it does. `nugen sandbox` builds its flags and --help from this table,
 * createSandboxApp() takes its defaults from it, faults.ts reads its headers by it, and the
 * README's table is made from it (scripts/sandbox-settings.ts).
 */
import { operations } from "../../generated/operations.js";

/** How a value is written on the command line and in a header. */
export type SettingKind = "seconds" | "factor" | "bytes" | "milliseconds" | "rate" | "number" | "count" | "switch";

export interface Setting {
  kind: SettingKind;
  /** The flag of `nugen sandbox`, with the name of its value (a switch has none). */
  flag: string;
  /** The header that sets it for one request. */
  header?: string;
  /** The default, or how it follows from the settings above it; none: off (never, no limit). */
  default?: number | boolean | ((settings: { maxUploadBytes: number }) => number);
  /** The default as --help and the README say it, where the number alone would not say it. */
  shownDefault?: string;
  description: string;
}

const MB = 1024 * 1024;
/** The spec's limit for one uploaded file. */
const SPEC_UPLOAD_LIMIT = (operations.uploadDocuments as { maxFileBytes?: number }).maxFileBytes ?? 100 * MB;

const length = (flag: string, what: string, seconds: number) => ({
  kind: "seconds" as const,
  flag: `${flag} <seconds>`,
  default: seconds,
  description: `simulated length of ${what}`,
});

/** In the order --help and the README list them. */
export const SANDBOX_SETTINGS = {
  documentSeconds: length("--document-seconds", "processing an uploaded document", 2),
  benchmarkSeconds: length("--benchmark-seconds", "generating a benchmark", 2),
  jobSeconds: length("--job-seconds", "an alignment job", 10),
  deploySeconds: length("--deploy-seconds", "deploying a model", 3),
  undeploySeconds: length("--undeploy-seconds", "undeploying a model", 2),
  evaluationSeconds: length("--evaluation-seconds", "an evaluation", 3),
  speed: {
    kind: "factor",
    flag: "--speed <factor>",
    default: 1,
    description: "run the simulated clock this many times faster",
  },
  maxUploadBytes: {
    kind: "bytes",
    flag: "--max-upload-bytes <size>",
    default: SPEC_UPLOAD_LIMIT,
    shownDefault: "the API's 100 MB",
    description: "largest uploaded file, e.g. 10mb",
  },
  maxRequestBytes: {
    kind: "bytes",
    flag: "--max-request-bytes <size>",
    default: (settings) => 10 * settings.maxUploadBytes,
    shownDefault: "ten files' worth",
    description: "largest upload request, all its files together, counted on the bytes read, e.g. 50mb",
  },
  maxJsonBytes: {
    kind: "bytes",
    flag: "--max-json-bytes <size>",
    default: MB,
    shownDefault: "1 MB",
    description: "largest JSON body, e.g. 64kb",
  },
  latencyMs: {
    kind: "milliseconds",
    flag: "--latency <ms>",
    header: "x-sandbox-latency-ms",
    default: 0,
    description: "delay every answer by this many milliseconds",
  },
  failRate: {
    kind: "rate",
    flag: "--fail-rate <rate>",
    header: "x-sandbox-fail-rate",
    default: 0,
    description: "share of requests (0..1) answered with a random 500, 502, 503 or 504",
  },
  rateLimit: {
    kind: "number",
    flag: "--rate-limit <n>",
    header: "x-sandbox-rate-limit",
    default: 0,
    description: "requests per second before answering 429 with Retry-After; 0: no limit",
  },
  tokensPerSecond: {
    kind: "number",
    flag: "--tokens-per-second <n>",
    header: "x-sandbox-tokens-per-second",
    default: 200,
    description: "pace of streamed tokens; 0: as fast as possible",
  },
  streamCutAfter: {
    kind: "count",
    flag: "--stream-cut-after <events>",
    header: "x-sandbox-stream-cut-after",
    shownDefault: "never",
    description: "close every stream's connection after this many events, without [DONE]",
  },
  streamErrorAfter: {
    kind: "count",
    flag: "--stream-error-after <events>",
    header: "x-sandbox-stream-error-after",
    shownDefault: "never",
    description: "end every stream with an error event after this many events",
  },
  streamStallAfter: {
    kind: "count",
    flag: "--stream-stall-after <events>",
    header: "x-sandbox-stream-stall-after",
    shownDefault: "never",
    description: "stop every stream after this many events, leaving the connection open",
  },
  evaluationStatusFails: {
    kind: "switch",
    flag: "--evaluation-status-fails",
    header: "x-sandbox-evaluation-status-fails",
    default: false,
    shownDefault: "off",
    description:
      "answer every poll of an evaluation's status with a plain-text 500, as the live 2026-09 API did for hours; its header takes 1 or 0",
  },
  agentRunQuota: {
    kind: "count",
    flag: "--agent-run-quota <runs>",
    header: "x-sandbox-agent-run-quota",
    shownDefault: "no limit",
    description: "agent runs allowed in all; past them a run is refused with 402",
  },
} as const satisfies Record<string, Setting>;

type Table = typeof SANDBOX_SETTINGS;
export type SettingName = keyof Table;
/** The settings one request can set with a header. */
export type HeaderSettingName = { [K in SettingName]: Table[K] extends { header: string } ? K : never }[SettingName];
type ValueOf<K extends SettingName> = Table[K]["kind"] extends "switch" ? boolean : number;

/** The settings as createSandbox() takes them, each optional (see SANDBOX_SETTINGS for what each does and its default). */
export type SandboxSettings = { [K in SettingName]?: ValueOf<K> };
/** Every setting with its default; one without a default is undefined when not given (off). */
export type ResolvedSettings = {
  [K in SettingName]: Table[K] extends { default: unknown } ? ValueOf<K> : ValueOf<K> | undefined;
};

export const settingNames = Object.keys(SANDBOX_SETTINGS) as SettingName[];

/** The given settings with the defaults filled in, in table order (a default may follow from one above it). */
export function resolveSettings(given: SandboxSettings): ResolvedSettings {
  const resolved: Record<string, unknown> = {};
  for (const name of settingNames) {
    const setting: Setting = SANDBOX_SETTINGS[name];
    const fallback =
      typeof setting.default === "function" ? setting.default(resolved as { maxUploadBytes: number }) : setting.default;
    resolved[name] = given[name] ?? fallback;
  }
  return resolved as ResolvedSettings;
}

/** The default as --help and the README say it. */
export function shownDefault(setting: Setting): string {
  return setting.shownDefault ?? String(setting.default);
}

/** Every header that sets something for one request, in table order. */
export const settingHeaders: string[] = settingNames.flatMap((name) => {
  const setting: Setting = SANDBOX_SETTINGS[name];
  return setting.header ? [setting.header] : [];
});
