/**
 * The JSON answers of chat and text completions, in the live API's shapes: OpenAI's with
 * Nugen's extras (`timing`, `confidence` null, `confidence_score` for aligned models,
 * `service_tier`, `system_fingerprint`, null usage details, null message extras).
 */
import type { components } from "../../../generated/openapi.js";
import { type Generation, timingOf, usageOf } from "./generation.js";

type Schemas = components["schemas"];

/** What every answer and chunk of one request shares. */
export interface Meta {
  /** `chatcmpl-<model asked>-<unix time>`, for text completions too. */
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model the answer names (an aligned model's base model). */
  model: string;
  systemFingerprint: string;
}

function extras(meta: Meta, generation: Generation) {
  return {
    usage: usageOf(generation),
    timing: timingOf(generation),
    confidence: null,
    ...(generation.confidence === null ? {} : { confidence_score: generation.confidence }),
    service_tier: null,
    system_fingerprint: meta.systemFingerprint,
  };
}

export function chatCompletion(meta: Meta, generation: Generation): Schemas["ChatCompletion"] {
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: generation.choices.map((choice, index) => ({
      index,
      message: {
        role: "assistant",
        content: choice.tokens.join(""),
        refusal: null,
        annotations: null,
        audio: null,
        function_call: null,
        tool_calls: null,
      },
      finish_reason: choice.finishReason,
      logprobs: null,
    })),
    ...extras(meta, generation),
  };
}

export function textCompletion(meta: Meta, generation: Generation): Schemas["Completion"] {
  return {
    id: meta.id,
    object: "text_completion",
    created: meta.created,
    model: meta.model,
    choices: generation.choices.map((choice, index) => ({
      index,
      text: choice.tokens.join(""),
      finish_reason: choice.finishReason,
      logprobs: null,
    })),
    ...extras(meta, generation),
  };
}
