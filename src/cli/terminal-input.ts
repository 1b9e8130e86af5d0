/**
 * Reading what a person types for `nugen chat`: a line at a `you> ` prompt (node:readline,
 * with the lines typed before in its history), and Ctrl-C while an answer streams. At the
 * prompt, Ctrl-C on an empty line ends the conversation and on a typed one clears it; Ctrl-D
 * on an empty line ends it.
 */
import { createInterface } from "node:readline";
import type { Interrupts } from "./answer.js";
import { processInterrupts } from "./answer.js";

export type Asked = { line: string } | { end: "eof" | "interrupt" };

const CTRL_C = "\x03";
const HISTORY_SIZE = 200;

export class TerminalInput {
  /** The lines typed so far, newest first (readline's order): the up arrow brings them back. */
  private readonly history: string[] = [];
  private readonly keys: boolean;

  constructor(
    private readonly input: NodeJS.ReadStream,
    /** Where the prompt and the typed text are drawn: stderr, so stdout holds only answers. */
    private readonly output: NodeJS.WriteStream,
  ) {
    // On a terminal, keys are read one by one (raw mode): Ctrl-C is a key, not a signal.
    this.keys = Boolean(input.isTTY && output.isTTY && typeof input.setRawMode === "function");
  }

  /** One line typed at the prompt, or how the person ended the conversation there. */
  ask(prompt: string): Promise<Asked> {
    const rl = createInterface({
      input: this.input,
      output: this.output,
      terminal: this.keys,
      history: this.history,
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
      prompt,
    });
    return new Promise((resolve) => {
      let settled = false;
      const settle = (asked: Asked) => {
        if (settled) return;
        settled = true;
        offSignal();
        rl.close();
        resolve(asked);
      };
      // Ctrl-C as a signal: without raw mode (no terminal behind the prompt), or `kill -INT`.
      const offSignal = processInterrupts(() => settle({ end: "interrupt" }));
      rl.on("line", (line) => settle({ line }));
      rl.on("close", () => settle({ end: "eof" }));
      rl.on("SIGINT", () => {
        if (rl.line === "") return settle({ end: "interrupt" });
        // As in a shell: Ctrl-C drops what was typed and leaves the prompt.
        rl.write(null, { ctrl: true, name: "e" });
        rl.write(null, { ctrl: true, name: "u" });
      });
      rl.prompt();
    });
  }

  /**
   * Ctrl-C while an answer streams. On a terminal the keys are read without echo meanwhile
   * (what is typed then does not land in the answer; it is dropped), and Ctrl-C is one of
   * them; the signal counts too.
   */
  readonly interrupts: Interrupts = (listener) => {
    const offSignal = processInterrupts(listener);
    if (!this.keys) return offSignal;
    const onData = (chunk: Buffer | string) => {
      if (String(chunk).includes(CTRL_C)) listener();
    };
    this.input.setRawMode(true);
    this.input.on("data", onData);
    this.input.resume();
    return () => {
      offSignal();
      this.input.off("data", onData);
      this.input.setRawMode(false);
      this.input.pause();
    };
  };

  /** Leaves the terminal as it was found. */
  close(): void {
    if (this.keys) this.input.setRawMode(false);
    this.input.pause();
  }
}

/** All of a piped stdin, as text. */
export async function readAll(input: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
