/**
 * An answer turned into what a model generates: tokens (whitespace-separated words) cut at a
 * stop sequence or at max_tokens, the usage they count, and the timing a generation at the
 * sandbox's token rate would take. Nothing here reads a clock: the same request, the same
 * numbers.
 */
import type { components } from "../../../generated/openapi.js";
import { countTokens, round, tokensOf } from "./text.js";

type Schemas = components["schemas"];

export interface Choice {
  tokens: string[];
  finishReason: "stop" | "length";
}

export interface Generation {
  choices: Choice[];
  promptTokens: number;
  /** Aligned models only. */
  confidence: number | null;
  /** Tokens per second the generation is timed at. */
  tokensPerSecond: number;
}

/** The throughput reported when tokens are not paced. */
const NOMINAL_TOKENS_PER_SECOND = 200;

/** A generation timed at the pace its tokens are sent; one sent unpaced (0) is timed at the nominal throughput. */
export function pacedAt(parts: Omit<Generation, "tokensPerSecond">, tokensPerSecond: number): Generation {
  return { ...parts, tokensPerSecond: tokensPerSecond > 0 ? tokensPerSecond : NOMINAL_TOKENS_PER_SECOND };
}

/** The tokens of a text up to the first stop sequence and at most `maxTokens` of them. */
export function choiceOf(text: string, maxTokens: number, stop: string[] = []): Choice {
  const cuts = stop
    .filter((sequence) => sequence !== "")
    .map((sequence) => text.indexOf(sequence))
    .filter((at) => at >= 0);
  const stopped = cuts.length > 0 ? text.slice(0, Math.min(...cuts)) : text;
  const tokens = tokensOf(stopped);
  return tokens.length > maxTokens
    ? { tokens: tokens.slice(0, maxTokens), finishReason: "length" }
    : { tokens, finishReason: "stop" };
}

/** Prompt tokens as counted, at most `truncateAt` (longer prompts are truncated, as the live API does). */
export function promptTokensOf(texts: string[], truncateAt = Number.POSITIVE_INFINITY): number {
  return Math.min(
    truncateAt,
    texts.reduce((sum, text) => sum + countTokens(text), 0),
  );
}

export function completionTokensOf(generation: Generation): number {
  return generation.choices.reduce((sum, choice) => sum + choice.tokens.length, 0);
}

export function usageOf(generation: Generation): Schemas["Usage"] {
  const completion = completionTokensOf(generation);
  return {
    prompt_tokens: generation.promptTokens,
    completion_tokens: completion,
    total_tokens: generation.promptTokens + completion,
    completion_tokens_details: null,
    prompt_tokens_details: null,
  };
}

/** GPU time before the first token: grows with the prompt. */
export function gpuSecondsOf(generation: Generation): number {
  return round(0.005 + generation.promptTokens * 0.0002, 4);
}

export function timingOf(generation: Generation): Schemas["Timing"] {
  const ttft = round(0.08 + generation.promptTokens * 0.0005, 3);
  const longest = Math.max(0, ...generation.choices.map((choice) => choice.tokens.length));
  return {
    ttft_seconds: ttft,
    throughput_tokens_per_second: generation.tokensPerSecond,
    total_seconds: round(ttft + longest / generation.tokensPerSecond, 3),
  };
}
