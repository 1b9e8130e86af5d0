/**
 * The parts of an answer both language models report the same way: finish reason, usage,
 * response metadata, and Nugen's extras (confidence, timing) under `providerMetadata.nugen`.
 */
import type {
  JSONObject,
  LanguageModelV4FinishReason,
  LanguageModelV4ResponseMetadata,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
} from "@ai-sdk/provider";
import type { components } from "nugen";
import { PROVIDER_KEY } from "./call-options.js";

type Usage = components["schemas"]["Usage"];

const FINISH_REASONS: Record<string, LanguageModelV4FinishReason["unified"]> = {
  stop: "stop",
  length: "length",
  content_filter: "content-filter",
  tool_calls: "tool-calls",
  function_call: "tool-calls",
};

export function finishReasonOf(raw: string | null | undefined): LanguageModelV4FinishReason {
  return { unified: (raw && FINISH_REASONS[raw]) || "other", raw: raw ?? undefined };
}

/** Nugen counts prompt and generated tokens; it reports no cached or reasoning tokens. */
export function usageOf(usage: Usage | null | undefined): LanguageModelV4Usage {
  const input = usage?.prompt_tokens ?? undefined;
  const output = usage?.completion_tokens ?? undefined;
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
    ...(usage ? { raw: usage as JSONObject } : {}),
  };
}

export function responseMetadataOf(answer: {
  id?: string;
  created?: number;
  model?: string;
}): LanguageModelV4ResponseMetadata {
  return {
    ...(answer.id ? { id: answer.id } : {}),
    ...(typeof answer.created === "number" ? { timestamp: new Date(answer.created * 1000) } : {}),
    ...(answer.model ? { modelId: answer.model } : {}),
  };
}

export interface NugenExtras {
  /** Every confidence reading, in order (a stream sends one about every ten tokens; an answer, its one score). */
  readings: readonly number[];
  timing?: Record<string, unknown> | null;
  gpuTiming?: Record<string, unknown> | null;
}

/**
 * `providerMetadata.nugen`: `confidenceScore` (the last reading: the answer's confidence, aligned
 * models only), `confidenceReadings`, `timing` and, for streams, `gpuTiming`, each when sent.
 */
export function nugenMetadataOf({ readings, timing, gpuTiming }: NugenExtras): SharedV4ProviderMetadata {
  const metadata: JSONObject = {};
  if (readings.length > 0) {
    metadata.confidenceScore = readings.at(-1);
    metadata.confidenceReadings = [...readings];
  }
  if (timing) metadata.timing = timing as JSONObject;
  if (gpuTiming) metadata.gpuTiming = gpuTiming as JSONObject;
  return { [PROVIDER_KEY]: metadata };
}

export function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}
