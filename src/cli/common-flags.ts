/** Flags several commands share, defined once so they read and behave the same everywhere. */
import { type Command, Option } from "commander";
import { UsageError } from "./errors.js";
import { parseCount, parseDuration, parseNumber } from "./parse-flags.js";

/** `--json`: stdout then holds one JSON document, whatever happens. */
export function jsonFlag(command: Command, what = "print JSON instead of text"): Command {
  return command.option("--json", what);
}

/** `--wait` and `--wait-timeout`, for commands that start a job. */
export function waitFlags(command: Command, what: string): Command {
  return command
    .option("--wait", `wait until ${what}, showing progress`)
    .addOption(
      new Option(
        "--wait-timeout <duration>",
        "with --wait, stop waiting after this long, e.g. 30m or 2h (the job goes on); exit 5",
      ).argParser(parseDuration),
    );
}

/** Collects a flag given several times (`--document a --document b`). */
export function repeated(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export interface WaitFlags {
  wait?: boolean;
  waitTimeout?: number;
  json?: boolean;
}

export interface GenerationFlags {
  maxTokens?: number;
  temperature?: number;
  provider?: string;
  /** False with --no-stream. */
  stream: boolean;
  json?: boolean;
}

/** The server's limit on X-Session-ID and X-Provider. */
const HEADER_MAX = 256;

/** The flags every generating command takes: the answer's length, its temperature, the backend, streaming. */
export function generationFlags(command: Command, noun: string, maxTokensDefault: string): Command {
  return command
    .addOption(new Option("--max-tokens <n>", `most tokens in ${noun} (${maxTokensDefault})`).argParser(parseCount))
    .addOption(
      new Option("--temperature <x>", "sampling temperature from 0 to 2; lower is more deterministic").argParser(
        parseNumber,
      ),
    )
    .option("--provider <name>", "the serving backend, sent as X-Provider (the server picks one by default)")
    .option("--no-stream", `ask for ${noun} whole instead of streamed`);
}

/** A header's value as the server takes it: 1 to 256 characters. */
export function checkHeaderFlag(value: string | undefined, flag: string, command: Command): void {
  if (value === undefined) return;
  if (value.trim() === "") throw new UsageError(`${flag} must not be empty.`, command.helpInformation());
  if (value.length > HEADER_MAX)
    throw new UsageError(`${flag} must be at most ${HEADER_MAX} characters long.`, command.helpInformation());
}
