import { readEnv } from "./env.js";
import type { Secret } from "./secret.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** Anything console-compatible. */
export interface Logger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && value in rank;
}

/** A logger that knows its level, so callers can skip building lines nobody will see. */
export interface LevelledLogger extends Logger {
  enabled(level: Exclude<LogLevel, "off">): boolean;
}

/**
 * A logger that drops lines below `level` and scrubs the key from every line and every value
 * it passes on (deeply: a header holding the key, whatever its name, an error, a cycle), so
 * no log line can carry the API key whatever it was built from.
 */
export function createLogger(
  level: LogLevel | undefined,
  sink: Logger,
  secret: Pick<Secret, "scrub" | "scrubDeep">,
): LevelledLogger {
  const envLevel = readEnv("NUGEN_LOG");
  const threshold = rank[level ?? (isLogLevel(envLevel) ? envLevel : "warn")];
  const at =
    (method: Exclude<LogLevel, "off">) =>
    (message: string, ...rest: unknown[]) => {
      if (rank[method] >= threshold)
        sink[method](secret.scrub(`nugen: ${message}`), ...rest.map((value) => secret.scrubDeep(value)));
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    enabled: (method) => rank[method] >= threshold,
  };
}
