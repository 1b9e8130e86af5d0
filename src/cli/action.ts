import type { Command } from "commander";
import { EXIT } from "./exit-codes.js";

/** Exit codes of the actions that ran, by program: commander drops what an action returns. */
const exitCodes = new WeakMap<Command, number>();

// biome-ignore lint/suspicious/noExplicitAny: commander passes the arguments, the options and the command.
// biome-ignore lint/suspicious/noConfusingVoidType: an action may end without a word (exit 0) or with its exit code.
type Run = (...args: any[]) => Promise<number | undefined | void>;

/** Sets what a command does; the exit code it returns (0 when none) is the one `nugen` exits with. */
export function onRun(command: Command, run: Run): Command {
  return command.action(async (...args: unknown[]) => {
    const code = await run(...args);
    exitCodes.set(rootOf(command), typeof code === "number" ? code : EXIT.ok);
  });
}

/** The exit code of the action that ran under `program`. */
export function exitCodeOf(program: Command): number {
  return exitCodes.get(program) ?? EXIT.ok;
}

function rootOf(command: Command): Command {
  return command.parent ? rootOf(command.parent) : command;
}
