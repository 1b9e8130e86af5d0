import type { Command } from "commander";
import { Nugen } from "../index.js";
import { MissingKeyError, UsageError } from "./errors.js";
import type { IO } from "./io.js";

/** What `--api-generation` (and NUGEN_API_GENERATION) take. */
export const API_GENERATION_CHOICES = ["auto", "2026-07", "2026-09"] as const;
export type ApiGenerationChoice = (typeof API_GENERATION_CHOICES)[number];

export interface GlobalOptions {
  baseUrl?: string;
  apiKey?: string;
  timeout?: number;
  maxRetries?: number;
  apiGeneration?: ApiGenerationChoice;
  verbose?: boolean;
}

/** The command's flags with those given before it (`nugen --verbose models list`). */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** Where a setting came from, for `nugen doctor`: the flag, the environment variable, or neither. */
export type SettingSource = "flag" | "env" | "default";

/** The API generation to speak: the flag, else NUGEN_API_GENERATION (checked here, so that a typo is a usage error), else auto. */
export function apiGenerationOf(command: Command, io: IO): { setting: ApiGenerationChoice; source: SettingSource } {
  const flag = globalOptions(command).apiGeneration;
  if (flag !== undefined) return { setting: flag, source: "flag" };
  const env = io.env.NUGEN_API_GENERATION?.trim();
  if (!env) return { setting: "auto", source: "default" };
  if (!(API_GENERATION_CHOICES as readonly string[]).includes(env)) {
    throw new UsageError(
      `NUGEN_API_GENERATION is ${JSON.stringify(env)}: use ${API_GENERATION_CHOICES.join(", ")} (or pass --api-generation).`,
    );
  }
  return { setting: env as ApiGenerationChoice, source: "env" };
}

/** The SDK client for a command, configured from the global flags and the environment. */
export function clientFor(command: Command, io: IO, defaults: { maxRetries?: number } = {}): Nugen {
  const options = globalOptions(command);
  const apiKey = options.apiKey ?? io.env.NUGEN_API_KEY;
  if (!apiKey?.trim()) {
    throw new MissingKeyError("No API key: set the NUGEN_API_KEY environment variable (or pass --api-key).");
  }
  const toStderr = (message: string, ...rest: unknown[]) =>
    io.stderr.write(`${[message, ...rest.map((r) => JSON.stringify(r))].join(" ")}\n`);
  return new Nugen({
    apiKey,
    baseUrl: options.baseUrl ?? io.env.NUGEN_BASE_URL,
    timeoutMs: options.timeout,
    maxRetries: options.maxRetries ?? defaults.maxRetries,
    // Said explicitly, so that the CLI reads the environment it was given, not the process's.
    apiGeneration: apiGenerationOf(command, io).setting,
    logLevel: options.verbose ? "debug" : undefined,
    logger: { debug: toStderr, info: toStderr, warn: toStderr, error: toStderr },
  });
}
