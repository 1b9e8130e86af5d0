/**
 * `nugen chat MODEL`: a conversation on a terminal (each answer streamed as it arrives,
 * Ctrl-C stopping the answer and not the conversation), or one message and its answer
 * (`-m TEXT`, or a message piped on stdin). The whole conversation is sent each turn, under
 * one session id.
 */
import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatMessage, Nugen } from "../../index.js";
import { onRun } from "../action.js";
import {
  type AnswerEnd,
  callInference,
  type Interrupts,
  processInterrupts,
  reportAnswerFailure,
  showAnswer,
} from "../answer.js";
import { clientFor } from "../client.js";
import { checkHeaderFlag, type GenerationFlags, generationFlags, jsonFlag } from "../common-flags.js";
import { Interrupted, UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { colorsFor, type IO, writeLine } from "../io.js";
import { readAll, TerminalInput } from "../terminal-input.js";

interface ChatFlags extends GenerationFlags {
  message?: string;
  system?: string;
  session?: string;
}

const PROMPT = "you> ";
const EXIT_WORDS = new Set(["/exit", "/quit"]);
const TERMS = { flags: { model: "MODEL", max_tokens: "--max-tokens" } };

export function registerChat(program: Command, io: IO): void {
  const chat = program
    .command("chat")
    .description(
      "Talk with a model: a conversation on a terminal, or one message (-m, or piped on stdin) and its answer",
    )
    .argument("<model>", "a base model (`nugen models list --base`) or a deployed aligned model (`nugen models list`)")
    .option("-m, --message <text>", "send this one message, print the answer and exit (stdin is not read)")
    .option("--system <text>", "a system message that starts the conversation")
    .option(
      "--session <id>",
      "the conversation's session id, sent as X-Session-ID with every turn (default: a random one)",
    );
  generationFlags(chat, "each answer", "the API's default is 2000");
  jsonFlag(chat, "one JSON line per stream event on stdout (the whole completion with --no-stream), and nothing else");
  chat.addHelpText(
    "after",
    `
On a terminal, without -m: a conversation. Each answer streams as it arrives; Ctrl-C stops
the answer (what was shown stays in the conversation) and Ctrl-C at an empty prompt, /exit
or Ctrl-D ends it. Confidence (aligned models) and timing follow each answer on stderr.

Examples:
  $ nugen chat nugen-flash-instruct
  $ nugen chat support-bot-model -m "How long is the warranty on the battery?"
  $ nugen chat support-bot-model --system "Answer in one sentence." -m "Can I return a used bike?"
  $ git diff | nugen chat nugen-flash-instruct --system "Review this change."
  $ nugen chat support-bot-model -m "Warranty?" --json | jq -rj '.choices[0].delta.content // empty'`,
  );
  onRun(chat, (model: string, flags: ChatFlags, command: Command) => runChat(io, command, model, flags));
}

async function runChat(io: IO, command: Command, model: string, flags: ChatFlags): Promise<number> {
  const usage = command.helpInformation();
  if (flags.message !== undefined && flags.message.trim() === "") throw new UsageError("-m must not be empty.", usage);
  if (flags.system !== undefined && flags.system.trim() === "")
    throw new UsageError("--system must not be empty.", usage);
  checkHeaderFlag(flags.session, "--session", command);
  checkHeaderFlag(flags.provider, "--provider", command);
  const nugen = clientFor(command, io);
  const conversation = new Conversation(io, command, nugen, model, flags);
  const stdin = io.stdin ?? process.stdin;

  if (flags.message !== undefined) return conversation.once(flags.message);
  if (!stdin.isTTY) {
    const piped = await readAll(stdin);
    if (piped.trim() === "")
      throw new UsageError(
        "No message: stdin was empty. Give one with -m TEXT, or run `nugen chat` on a terminal for a conversation.",
        usage,
      );
    return conversation.once(piped);
  }
  return conversation.interactive(stdin);
}

class Conversation {
  /** Sent whole with each turn: the system message, then the turns so far. */
  private readonly messages: ChatMessage[] = [];
  private readonly sessionId: string;
  private readonly json: boolean;

  constructor(
    private readonly io: IO,
    private readonly command: Command,
    private readonly nugen: Nugen,
    private readonly model: string,
    private readonly flags: ChatFlags,
  ) {
    this.sessionId = flags.session ?? randomUUID();
    this.json = Boolean(flags.json);
    if (flags.system !== undefined) this.messages.push({ role: "system", content: flags.system });
  }

  /** One message and its answer; the exit code. */
  async once(message: string): Promise<number> {
    try {
      const end = await this.turn(message, processInterrupts);
      if (end.ended === "interrupted") return this.fail(new Interrupted("Stopped: the answer above is incomplete."));
      return EXIT.ok;
    } catch (error) {
      return this.fail(error);
    }
  }

  /** A conversation at the prompt, until /exit, Ctrl-D or Ctrl-C at an empty prompt. */
  async interactive(stdin: NodeJS.ReadStream): Promise<number> {
    const stderr = this.io.stderr;
    const dim = colorsFor(stderr, this.io.env).dim;
    const terminal = new TerminalInput(stdin, stderr);
    if (!this.json)
      writeLine(
        stderr,
        dim(`Chatting with ${this.model} (session ${this.sessionId}). Ctrl-C stops an answer; /exit or Ctrl-D ends.`),
      );
    try {
      for (;;) {
        const asked = await terminal.ask(PROMPT);
        if ("end" in asked) {
          // The cursor is still after the prompt: end its line, so the shell's starts clean.
          stderr.write("\n");
          return asked.end === "interrupt" ? EXIT.interrupted : EXIT.ok;
        }
        const text = asked.line.trim();
        if (text === "") continue;
        if (EXIT_WORDS.has(text)) return EXIT.ok;
        try {
          const end = await this.turn(asked.line, terminal.interrupts);
          if (end.ended === "interrupted") {
            if (this.json) this.fail(new Interrupted("Stopped the answer; the conversation goes on."));
            else writeLine(stderr, dim("[stopped]"));
          }
        } catch (error) {
          const code = this.fail(error);
          // No turn can succeed with a bad flag or key: end there. Anything else (a refusal,
          // a stream broken off) leaves the conversation as it was, to try again.
          if (code === EXIT.usage || code === EXIT.auth) return code;
        }
      }
    } finally {
      terminal.close();
    }
  }

  /**
   * Sends the conversation with one more user message and shows the answer. The turn is
   * kept with what was shown of the answer, even when Ctrl-C stopped it; a failed turn is
   * not kept.
   */
  private async turn(content: string, interrupts: Interrupts): Promise<AnswerEnd> {
    this.messages.push({ role: "user", content });
    const body: ChatCompletionRequest = {
      model: this.model,
      messages: [...this.messages],
      ...(this.flags.maxTokens !== undefined ? { max_tokens: this.flags.maxTokens } : {}),
      ...(this.flags.temperature !== undefined ? { temperature: this.flags.temperature } : {}),
    };
    const options = {
      sessionId: this.sessionId,
      ...(this.flags.provider !== undefined ? { provider: this.flags.provider } : {}),
    };
    const create = this.nugen.chat.completions;
    try {
      const end = await showAnswer(
        this.io,
        { stream: this.flags.stream, json: this.json, interrupts },
        {
          stream: (signal) =>
            callInference(this.command, TERMS, this.model, () =>
              create.create({ ...body, stream: true }, { ...options, signal }),
            ),
          whole: (signal) =>
            callInference(this.command, TERMS, this.model, () =>
              create.create({ ...body, stream: false }, { ...options, signal }),
            ),
          piece: (chunk: ChatCompletionChunk) => ({
            text: chunk.choices[0]?.delta?.content ?? "",
            finishReason: chunk.choices[0]?.finish_reason,
          }),
          facts: (whole: ChatCompletion) => ({
            text: whole.choices[0]?.message?.content ?? "",
            finishReason: whole.choices[0]?.finish_reason,
            confidence: whole.confidence_score,
            timing: whole.timing as Record<string, unknown> | null | undefined,
          }),
        },
      );
      if (end.ended === "done" || end.text !== "") this.messages.push({ role: "assistant", content: end.text });
      return end;
    } catch (error) {
      this.messages.pop();
      throw error;
    }
  }

  private fail(error: unknown): number {
    return reportAnswerFailure(this.io, this.command, error, { json: this.json, model: this.model });
  }
}
