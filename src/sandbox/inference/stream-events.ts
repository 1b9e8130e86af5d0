/**
 * A completion as the live API streams it, event by event: `{"_timing": ...}` first; for a
 * chat, a chunk with the assistant's role; one chunk per token (an empty-string delta after
 * each sentence, as the live API sends some); for aligned models a confidence reading every
 * ten tokens, the last one the answer's confidence; a final chunk per choice with its
 * finish_reason (the last with usage); `{"object": "timing"}`; `[DONE]`; and the usage chunk
 * again after it, with empty choices.
 */

import type { PlannedEvent } from "./event-stream.js";
import { type Generation, gpuSecondsOf, timingOf, usageOf } from "./generation.js";
import type { Meta } from "./shapes.js";
import { hashOf, round } from "./text.js";

const CONFIDENCE_EVERY = 10;

/** Running confidence after `done` of `total` tokens: it wanders early and settles on the answer's. */
function readingAt(final: number, done: number, total: number, seed: number): number {
  const spread = (seed / 2 ** 32 - 0.5) * 16;
  const remaining = total === 0 ? 0 : 1 - done / total;
  return round(Math.min(100, Math.max(0, final + spread * remaining)), 1);
}

export function streamEvents(
  kind: "chat" | "text",
  meta: Meta,
  generation: Generation,
  tokensPerSecond: number,
): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  const push = (value: unknown, delayMs = 0) => events.push({ data: JSON.stringify(value), delayMs });
  const chunk = (choices: unknown[], extra: object = {}) => ({
    id: meta.id,
    object: kind === "chat" ? "chat.completion.chunk" : "text_completion",
    created: meta.created,
    model: meta.model,
    choices,
    ...extra,
  });
  /** One choice's piece: new text, or (null) the end with its finish_reason. */
  const piece = (index: number, text: string | null, finishReason: string | null = null) =>
    kind === "chat"
      ? { index, delta: text === null ? {} : { content: text }, finish_reason: finishReason, logprobs: null }
      : { index, text: text ?? "", finish_reason: finishReason, logprobs: null };

  const usage = usageOf(generation);
  const tokenDelay = tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0;
  const longest = Math.max(0, ...generation.choices.map((choice) => choice.tokens.length));
  const final = generation.confidence;
  const seed = hashOf(generation.choices.map((choice) => choice.tokens.join("")).join("\n"));

  push({ _timing: { gpu_processing_seconds: gpuSecondsOf(generation) } });
  if (kind === "chat")
    for (const index of generation.choices.keys()) {
      push(chunk([{ index, delta: { role: "assistant", content: "" }, finish_reason: null, logprobs: null }]));
    }
  for (let position = 0; position < longest; position++) {
    // All choices generate together: one wait per position.
    let delay = tokenDelay;
    generation.choices.forEach((choice, index) => {
      const token = choice.tokens[position];
      if (token === undefined) return;
      push(chunk([piece(index, token)]), delay);
      delay = 0;
      if (/[.!?]$/.test(token)) push(chunk([piece(index, "")]));
    });
    if (final !== null && (position + 1) % CONFIDENCE_EVERY === 0)
      push({ object: "confidence", confidence_score: readingAt(final, position + 1, longest, seed) });
  }
  if (final !== null && (longest === 0 || longest % CONFIDENCE_EVERY !== 0))
    push({ object: "confidence", confidence_score: final });
  generation.choices.forEach((choice, index) => {
    const last = index === generation.choices.length - 1;
    push(chunk([piece(index, null, choice.finishReason)], last ? { usage } : {}));
  });
  push({ object: "timing", timing: timingOf(generation) });
  events.push({ data: "[DONE]", delayMs: 0 });
  push(chunk([], { usage }));
  return events;
}
