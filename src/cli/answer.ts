/**
 * One answer of a model as the command line shows it: streamed to stdout as it arrives (with
 * `--json`, one JSON line per stream event instead), its confidence and timing dim on stderr
 * after it, and Ctrl-C stopping it with what was shown kept. `nugen chat` and `nugen
 * complete` both answer this way.
 */
import type { Command } from "commander";
import {
  BadRequestError,
  type ChatCompletionChunk,
  type CompletionChunk,
  NotFoundError,
  type Stream,
  StreamInterruptedError,
} from "../index.js";
import { type CallTerms, callApi } from "./api-call.js";
import { globalOptions } from "./client.js";
import { Interrupted } from "./errors.js";
import { colorsFor, type IO, writeJsonLine, writeLine } from "./io.js";
import { errorJson, exitCodeFor, reportError, withHint } from "./report-error.js";

/** Subscribes to Ctrl-C for as long as an answer runs; returns the unsubscribe. */
export type Interrupts = (listener: () => void) => () => void;

/** Ctrl-C as the signal the terminal sends (and `kill -INT`). */
export const processInterrupts: Interrupts = (listener) => {
  process.on("SIGINT", listener);
  return () => void process.off("SIGINT", listener);
};

/** What an answer says besides its text. */
export interface AnswerFacts {
  text: string;
  finishReason?: string | null;
  confidence?: number | null;
  timing?: Record<string, unknown> | null;
}

/** How to ask for one answer, streamed or whole, and read its text. */
/** The chunks a stream of answers may carry. */
type AnswerChunk = ChatCompletionChunk | CompletionChunk;

export interface Generation<Chunk extends AnswerChunk, Whole> {
  stream(signal: AbortSignal): Promise<Stream<Chunk>>;
  whole(signal: AbortSignal): Promise<Whole>;
  /** The text a chunk adds (first choice), and its finish_reason when it is the last. */
  piece(chunk: Chunk): { text: string; finishReason?: string | null };
  /** The whole answer's text and facts. */
  facts(whole: Whole): AnswerFacts;
}

export interface AnswerOptions {
  /** Stream the answer (the default) or ask for it whole. */
  stream: boolean;
  /** One JSON line per stream event (or the whole completion) on stdout, nothing else. */
  json: boolean;
  interrupts: Interrupts;
}

/** How an answer ended: in full, or stopped by Ctrl-C; `text` is what was shown. */
export interface AnswerEnd {
  ended: "done" | "interrupted";
  text: string;
}

/**
 * Asks for one answer and shows it. Resolves when it has ended or Ctrl-C stopped it; rejects
 * with the SDK's error when it failed (a refusal, a stream broken off), after ending the line
 * of text shown so far.
 */
export async function showAnswer<Chunk extends AnswerChunk, Whole>(
  io: IO,
  options: AnswerOptions,
  generation: Generation<Chunk, Whole>,
): Promise<AnswerEnd> {
  const controller = new AbortController();
  let stream: Stream<Chunk> | undefined;
  let interrupted = false;
  const unsubscribe = options.interrupts(() => {
    interrupted = true;
    // Before the stream is there, the signal stops the request; after, the stream's own controller.
    controller.abort();
    stream?.controller.abort();
  });
  const out = new LineTracker(io.stdout);
  let shown = "";
  try {
    if (!options.stream) {
      const whole = await generation.whole(controller.signal);
      const facts = generation.facts(whole);
      if (options.json) {
        writeJsonLine(io, whole);
      } else {
        out.write(facts.text);
        out.endLine();
        showFooter(io, facts);
      }
      return { ended: "done", text: facts.text };
    }
    stream = await generation.stream(controller.signal);
    if (interrupted) stream.controller.abort();
    if (options.json) stream.on("event", (event) => writeJsonLine(io, event));
    let finishReason: string | null | undefined;
    for await (const chunk of stream) {
      const piece = generation.piece(chunk);
      if (piece.text) {
        shown += piece.text;
        if (!options.json) out.write(piece.text);
      }
      if (piece.finishReason) finishReason = piece.finishReason;
    }
    if (!options.json) {
      out.endLine();
      showFooter(io, { text: shown, finishReason, confidence: stream.confidenceScore, timing: stream.timing });
    }
    return { ended: "done", text: shown };
  } catch (error) {
    out.endLine();
    // Whatever the abort made the SDK throw, Ctrl-C is what happened.
    if (interrupted) return { ended: "interrupted", text: shown };
    throw error;
  } finally {
    unsubscribe();
  }
}

/** Writes text and remembers whether the line it is on has ended. */
class LineTracker {
  private open = false;
  constructor(private readonly stream: NodeJS.WriteStream) {}
  write(text: string): void {
    if (!text) return;
    this.stream.write(text);
    this.open = !text.endsWith("\n");
  }
  endLine(): void {
    if (this.open) this.stream.write("\n");
    this.open = false;
  }
}

/** `[confidence 72.5 · 1.31 s · first token 0.08 s · 200 tokens/s]`: what the answer said of itself, for stderr. */
export function answerFooter(facts: AnswerFacts): string | undefined {
  const parts: string[] = [];
  if (typeof facts.confidence === "number") parts.push(`confidence ${facts.confidence.toFixed(1)}`);
  const seconds = (name: string) =>
    typeof facts.timing?.[name] === "number" ? (facts.timing[name] as number) : undefined;
  const total = seconds("total_seconds");
  const firstToken = seconds("ttft_seconds");
  const rate = seconds("throughput_tokens_per_second");
  if (total !== undefined) parts.push(`${total.toFixed(2)} s`);
  if (firstToken !== undefined) parts.push(`first token ${firstToken.toFixed(2)} s`);
  if (rate !== undefined) parts.push(`${Math.round(rate)} tokens/s`);
  if (facts.finishReason === "length") parts.push("cut at the token limit: raise --max-tokens for more");
  return parts.length > 0 ? `[${parts.join(" · ")}]` : undefined;
}

function showFooter(io: IO, facts: AnswerFacts): void {
  const footer = answerFooter(facts);
  if (footer) writeLine(io.stderr, colorsFor(io.stderr, io.env).dim(footer));
}

/** What to do about an inference failure, when the CLI knows better than the message. */
export function inferenceHint(error: unknown, model: string): string | undefined {
  if (error instanceof BadRequestError && /\bnot deployed\b/i.test(error.message))
    return `Deploy it with \`nugen models deploy ${model} --wait\`, then try again.`;
  if (error instanceof NotFoundError)
    return "Check the model id: `nugen models list` shows your aligned models, `nugen models list --base` the base models.";
  if (error instanceof StreamInterruptedError) return "What was shown above is incomplete; try again.";
  return undefined;
}

/** An inference call in the CLI's terms (see callApi), its failure carrying the CLI's hint for the model. */
export async function callInference<T>(
  command: Command,
  terms: CallTerms,
  model: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await callApi(command, terms, call);
  } catch (error) {
    throw withHint(error, inferenceHint(error, model));
  }
}

/**
 * Reports a failed answer and returns its exit code: the error on stderr with what to do,
 * and with `--json` as one JSON line on stdout (`{"error": {...}}`), as every `--json` command does.
 */
export function reportAnswerFailure(
  io: IO,
  command: Command,
  error: unknown,
  options: { json: boolean; model: string },
): number {
  withHint(error, inferenceHint(error, options.model));
  if (options.json) writeJsonLine(io, { error: errorJson(error) });
  // Ctrl-C is said plainly, not as an error.
  if (error instanceof Interrupted) {
    writeLine(io.stderr, error.message);
    return exitCodeFor(error);
  }
  return reportError(error, io, { verbose: Boolean(globalOptions(command).verbose) });
}
