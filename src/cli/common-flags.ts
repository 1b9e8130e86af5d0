/** Flags several commands share, defined once so they read and behave the same everywhere. */
import { type Command, Option } from "commander";
import { parseDuration } from "./parse-flags.js";

/** `--json`: stdout then holds one JSON document, whatever happens. */
export function jsonFlag(command: Command, what = "print JSON instead of text"): Command {
  return command.option("--json", what);
}

/** `--wait` and `--wait-timeout`, for commands that start a job. */
export function waitFlags(command: Command, what: string): Command {
  return command
    .option("--wait", `wait until ${what}, showing progress`)
    .addOption(new Option("--wait-timeout <duration>", "with --wait, stop waiting after this long, e.g. 30m or 2h (the job goes on); exit 5").argParser(parseDuration));
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
