/**
 * A conversation with something that answers whole (an agent, an answer engine), as `nugen
 * agents run` and `nugen engines chat` hold it: one message (-m, or piped on stdin) and its
 * answer, or on a terminal, turns at a `you> ` prompt until /exit, Ctrl-D or Ctrl-C at an
 * empty prompt. Ctrl-C while an answer is awaited stops waiting for it (the request is
 * aborted) and the conversation goes on. Answers go to stdout, what they say of themselves
 * dim to stderr; with --json, one JSON line per answer and nothing else on stdout.
 */
import type { Command } from "commander";
import { type Interrupts, processInterrupts } from "./answer.js";
import { globalOptions } from "./client.js";
import { Interrupted, UsageError } from "./errors.js";
import { EXIT } from "./exit-codes.js";
import { colorsFor, type IO, writeJsonLine, writeLine } from "./io.js";
import { errorJson, exitCodeFor, reportError } from "./report-error.js";
import { readAll, TerminalInput } from "./terminal-input.js";

/** One answer: its text, what it says of itself (for stderr), and the whole of it (for --json). */
export interface Reply {
  text: string;
  footer?: string;
  whole: unknown;
}

export interface Partner {
  /** Said on stderr when a conversation starts on a terminal. */
  greeting: string;
  /** Sends one message; `signal` aborts it (Ctrl-C). */
  ask(message: string, signal: AbortSignal): Promise<Reply>;
}

const PROMPT = "you> ";
const EXIT_WORDS = new Set(["/exit", "/quit"]);

/** Runs the conversation: one message, a piped one, or turns on a terminal. Resolves to the exit code. */
export async function converse(
  io: IO,
  command: Command,
  partner: Partner,
  options: { message?: string; json?: boolean },
): Promise<number> {
  const usage = command.helpInformation();
  if (options.message !== undefined && options.message.trim() === "")
    throw new UsageError("-m must not be empty.", usage);
  const conversation = new Conversation(io, command, partner, Boolean(options.json));
  const stdin = io.stdin ?? process.stdin;
  if (options.message !== undefined) return conversation.once(options.message);
  if (!stdin.isTTY) {
    const piped = await readAll(stdin);
    if (piped.trim() === "")
      throw new UsageError(
        "No message: stdin was empty. Give one with -m TEXT, or run on a terminal for a conversation.",
        usage,
      );
    return conversation.once(piped.trim());
  }
  return conversation.interactive(stdin);
}

class Conversation {
  constructor(
    private readonly io: IO,
    private readonly command: Command,
    private readonly partner: Partner,
    private readonly json: boolean,
  ) {}

  async once(message: string): Promise<number> {
    try {
      const replied = await this.turn(message, processInterrupts);
      return replied ? EXIT.ok : this.fail(new Interrupted("Stopped waiting for the answer."));
    } catch (error) {
      return this.fail(error);
    }
  }

  async interactive(stdin: NodeJS.ReadStream): Promise<number> {
    const stderr = this.io.stderr;
    const dim = colorsFor(stderr, this.io.env).dim;
    const terminal = new TerminalInput(stdin, stderr);
    if (!this.json)
      writeLine(stderr, dim(`${this.partner.greeting} Ctrl-C stops waiting for an answer; /exit or Ctrl-D ends.`));
    try {
      for (;;) {
        const asked = await terminal.ask(PROMPT);
        if ("end" in asked) {
          stderr.write("\n");
          return asked.end === "interrupt" ? EXIT.interrupted : EXIT.ok;
        }
        const text = asked.line.trim();
        if (text === "") continue;
        if (EXIT_WORDS.has(text)) return EXIT.ok;
        try {
          if (!(await this.turn(text, terminal.interrupts))) {
            if (this.json) this.fail(new Interrupted("Stopped waiting for the answer; the conversation goes on."));
            else writeLine(stderr, dim("[stopped]"));
          }
        } catch (error) {
          const code = this.fail(error);
          // No turn can succeed with a bad flag or key: end there. Anything else leaves the conversation as it was.
          if (code === EXIT.usage || code === EXIT.auth) return code;
        }
      }
    } finally {
      terminal.close();
    }
  }

  /** One message and its answer, shown; false when Ctrl-C stopped the wait. */
  private async turn(message: string, interrupts: Interrupts): Promise<boolean> {
    const controller = new AbortController();
    let interrupted = false;
    const unsubscribe = interrupts(() => {
      interrupted = true;
      controller.abort();
    });
    try {
      const reply = await this.partner.ask(message, controller.signal);
      if (this.json) {
        writeJsonLine(this.io, reply.whole);
      } else {
        writeLine(this.io.stdout, reply.text);
        if (reply.footer) writeLine(this.io.stderr, colorsFor(this.io.stderr, this.io.env).dim(reply.footer));
      }
      return true;
    } catch (error) {
      // Whatever the abort made the SDK throw, Ctrl-C is what happened.
      if (interrupted) return false;
      throw error;
    } finally {
      unsubscribe();
    }
  }

  /** Reports a failure (with --json, also as a JSON line on stdout); its exit code. */
  private fail(error: unknown): number {
    if (this.json) writeJsonLine(this.io, { error: errorJson(error) });
    if (error instanceof Interrupted) {
      writeLine(this.io.stderr, error.message);
      return exitCodeFor(error);
    }
    return reportError(error, this.io, { verbose: Boolean(globalOptions(this.command).verbose) });
  }
}
