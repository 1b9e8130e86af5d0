/**
 * A run of an agent as the live route was seen streaming it: one chunk per token with the
 * text in `choices[0].delta.text`, a last chunk with the finish_reason and the usage, then
 * `[DONE]`, paced at the token rate.
 */
import type { PlannedEvent } from "./event-stream.js";
import type { Choice } from "./generation.js";

export interface RunMeta {
  id: string;
  created: number;
  model: string;
}

export function runEvents(
  meta: RunMeta,
  choice: Choice,
  usage: Record<string, number>,
  tokensPerSecond: number,
): PlannedEvent[] {
  const delayMs = tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0;
  const chunk = (delta: object, finishReason: string | null, extra: object = {}) =>
    JSON.stringify({
      id: meta.id,
      object: "agent.run.chunk",
      created: meta.created,
      model: meta.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
      ...extra,
    });
  return [
    ...choice.tokens.map((token) => ({ data: chunk({ text: token }, null), delayMs })),
    { data: chunk({}, choice.finishReason, { usage }), delayMs: 0 },
    { data: "[DONE]", delayMs: 0 },
  ];
}
