/**
 * The types of `providerOptions.nugen` for each model kind, and of `providerMetadata.nugen`,
 * for `satisfies` in a caller's code. Options are the SDK's inference options (`sessionId`,
 * `provider`) and any body field of the operation under the spec's name, except those the
 * model sets from the AI SDK's own settings.
 */
import type {
  ChatCompletionRequest,
  CompletionRequest,
  EmbeddingsRequest,
  InferenceOptions,
  RerankRequest,
} from "nugen";

type Headers = Pick<InferenceOptions, "sessionId" | "provider">;

export type NugenChatOptions = Headers & Partial<Omit<ChatCompletionRequest, "model" | "messages" | "stream">>;
export type NugenCompletionOptions = Headers & Partial<Omit<CompletionRequest, "model" | "prompt" | "stream">>;
export type NugenEmbeddingOptions = Headers & Partial<Omit<EmbeddingsRequest, "model" | "input">>;
export type NugenRerankingOptions = Headers & Partial<Omit<RerankRequest, "model" | "query" | "documents">>;

/** What a language model's result holds in `providerMetadata.nugen`, each field when the server sent it. */
export interface NugenMetadata {
  /** The answer's confidence, 0–100: the last reading of a stream, or the answer's `confidence_score`. Aligned models only. */
  confidenceScore?: number;
  /** Every confidence reading, in order (a stream sends one about every ten tokens). */
  confidenceReadings?: number[];
  /** ttft_seconds, throughput_tokens_per_second, total_seconds. */
  timing?: Record<string, number | null>;
  /** A stream's first event: GPU processing seconds. */
  gpuTiming?: Record<string, number>;
}
