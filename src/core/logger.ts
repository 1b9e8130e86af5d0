import { readEnv } from "./env.js";

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
 * A logger that drops lines below `level` and scrubs `secret` from every line it passes on,
 * so no log line can carry the API key whatever a message was built from.
 */
export function createLogger(level: LogLevel | undefined, sink: Logger, scrub: (text: string) => string): LevelledLogger {
  const envLevel = readEnv("NUGEN_LOG");
  const threshold = rank[level ?? (isLogLevel(envLevel) ? envLevel : "warn")];
  const at =
    (method: Exclude<LogLevel, "off">) =>
    (message: string, ...rest: unknown[]) => {
      if (rank[method] >= threshold) sink[method](scrub(`nugen: ${message}`), ...rest.map((r) => (typeof r === "string" ? scrub(r) : r)));
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), enabled: (method) => rank[method] >= threshold };
}
