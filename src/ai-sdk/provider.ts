/**
 * The Nugen provider for the AI SDK (`ai`): model factories over one `Nugen` client, made on
 * the first call (so `nugen` can be imported before NUGEN_API_KEY is set, as the AI SDK's
 * own providers allow).
 *
 * Retries are the AI SDK's: its `maxRetries` (2 by default) tries again when an error's
 * `isRetryable` says so, which follows the SDK's retry policy. The client this provider makes
 * therefore does not retry on its own unless `maxRetries` is given here.
 */
import {
  type EmbeddingModelV4,
  type LanguageModelV4,
  LoadAPIKeyError,
  NoSuchModelError,
  type ProviderV4,
  type RerankingModelV4,
} from "@ai-sdk/provider";
import { Nugen } from "nugen";
import { readEnv } from "../core/env.js";
import { NugenChatLanguageModel } from "./chat-model.js";
import { NugenCompletionLanguageModel } from "./completion-model.js";
import { NugenEmbeddingModel } from "./embedding-model.js";
import type { ModelConfig } from "./model-config.js";
import { NugenRerankingModel } from "./reranking-model.js";

export interface NugenProviderSettings {
  /** Defaults to the NUGEN_API_KEY environment variable, read on the first call. */
  apiKey?: string;
  /** The API's origin, as the client's `baseUrl` (no `/api/v3`). Defaults to NUGEN_BASE_URL, else https://api.nugen.in. */
  baseURL?: string;
  /** The client's spelling of `baseURL`. */
  baseUrl?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** A fetch implementation to use instead of `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Retries by the client itself, on top of the AI SDK's own; default 0 (the AI SDK retries). */
  maxRetries?: number;
  /** Time limit of each attempt in milliseconds; for a stream, of each wait for the next event. Default 60 000. */
  timeoutMs?: number;
  /** A client to reuse instead of the settings above (its own retries then apply as well). */
  client?: Nugen;
}

export interface NugenProvider extends ProviderV4 {
  /** A chat model: a base model id or a deployed aligned model's id. */
  (modelId: string): LanguageModelV4;
  /** A chat model, as `nugen(modelId)`. */
  languageModel(modelId: string): LanguageModelV4;
  /** A chat model, as `nugen(modelId)`. */
  chat(modelId: string): LanguageModelV4;
  /** A model over text completions: it continues the prompt. */
  completion(modelId: string): LanguageModelV4;
  embeddingModel(modelId: string): EmbeddingModelV4;
  /** As `embeddingModel`. */
  embedding(modelId: string): EmbeddingModelV4;
  rerankingModel(modelId: string): RerankingModelV4;
  /** As `rerankingModel`. */
  reranking(modelId: string): RerankingModelV4;
  /** Nugen makes no images: throws the AI SDK's NoSuchModelError. */
  imageModel(modelId: string): never;
}

export function createNugen(settings: NugenProviderSettings = {}): NugenProvider {
  let client = settings.client;
  const getClient = () => (client ??= clientFor(settings));
  let toolCalls = 0;
  const config = (kind: string): ModelConfig => ({
    provider: `nugen.${kind}`,
    client: getClient,
    newId: () => `call_${Date.now().toString(36)}${(toolCalls++).toString(36)}`,
  });

  const chat = (modelId: string) => new NugenChatLanguageModel(modelId, config("chat"));
  const embedding = (modelId: string) => new NugenEmbeddingModel(modelId, config("embedding"));
  const reranking = (modelId: string) => new NugenRerankingModel(modelId, config("reranking"));
  const provider = (modelId: string) => chat(modelId);
  return Object.assign(provider, {
    specificationVersion: "v4" as const,
    languageModel: chat,
    chat,
    completion: (modelId: string) => new NugenCompletionLanguageModel(modelId, config("completion")),
    embeddingModel: embedding,
    embedding,
    rerankingModel: reranking,
    reranking,
    imageModel: (modelId: string): never => {
      throw new NoSuchModelError({
        modelId,
        modelType: "imageModel",
        message: `Nugen has no image models (asked for ${modelId}).`,
      });
    },
  });
}

function clientFor({ apiKey, baseURL, baseUrl, headers, fetch, maxRetries, timeoutMs }: NugenProviderSettings): Nugen {
  // The AI SDK's own error for a missing key, named as its providers name theirs.
  if ((apiKey ?? readEnv("NUGEN_API_KEY")) === undefined) {
    throw new LoadAPIKeyError({
      message:
        "Nugen API key is missing: pass `apiKey` to createNugen({ apiKey }) or set the NUGEN_API_KEY environment variable.",
    });
  }
  return new Nugen({ apiKey, baseUrl: baseURL ?? baseUrl, headers, fetch, timeoutMs, maxRetries: maxRetries ?? 0 });
}

/** The default provider: its client reads NUGEN_API_KEY and NUGEN_BASE_URL on the first call. */
export const nugen: NugenProvider = createNugen();
