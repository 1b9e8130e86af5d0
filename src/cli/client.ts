import type { Command } from "commander";
import { Nugen } from "../index.js";
import { MissingKeyError } from "./errors.js";
import type { IO } from "./io.js";

export interface GlobalOptions {
  baseUrl?: string;
  apiKey?: string;
  timeout?: number;
  maxRetries?: number;
  verbose?: boolean;
}

/** The command's flags with those given before it (`nugen --verbose models list`). */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** The SDK client for a command, configured from the global flags and the environment. */
export function clientFor(command: Command, io: IO): Nugen {
  const options = globalOptions(command);
  const apiKey = options.apiKey ?? io.env.NUGEN_API_KEY;
  if (!apiKey?.trim()) {
    throw new MissingKeyError("No API key: set the NUGEN_API_KEY environment variable (or pass --api-key).");
  }
  const toStderr = (message: string, ...rest: unknown[]) => io.stderr.write(`${[message, ...rest.map((r) => JSON.stringify(r))].join(" ")}\n`);
  return new Nugen({
    apiKey,
    baseUrl: options.baseUrl ?? io.env.NUGEN_BASE_URL,
    timeoutMs: options.timeout,
    maxRetries: options.maxRetries,
    logLevel: options.verbose ? "debug" : undefined,
    logger: { debug: toStderr, info: toStderr, warn: toStderr, error: toStderr },
  });
}
