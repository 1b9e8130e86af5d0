/**
 * A Nugen embedding model as the AI SDK's: `embed` and `embedMany` (which splits a long list
 * into calls of `maxEmbeddingsPerCall` values, several at once). `dimensions` comes from the
 * call or from `providerOptions.nugen`.
 */
import {
  type EmbeddingModelV4,
  type EmbeddingModelV4CallOptions,
  type EmbeddingModelV4Result,
  TooManyEmbeddingValuesForCallError,
} from "@ai-sdk/provider";
import type { EmbeddingsRequest } from "nugen";
import { defined, prepareCall } from "./call-options.js";
import { toSpecError } from "./errors.js";
import type { ModelConfig } from "./model-config.js";
import { headersOf } from "./results.js";

/**
 * The spec sets no limit on `input`; Nugen's embeddings follow OpenAI's, whose limit is 2048
 * inputs a call, and so does the AI SDK's OpenAI-compatible provider.
 */
const MAX_EMBEDDINGS_PER_CALL = 2048;

export class NugenEmbeddingModel implements EmbeddingModelV4 {
  readonly specificationVersion = "v4";
  readonly maxEmbeddingsPerCall = MAX_EMBEDDINGS_PER_CALL;
  readonly supportsParallelCalls = true;

  constructor(
    readonly modelId: string,
    private readonly config: Omit<ModelConfig, "newId">,
  ) {}

  get provider(): string {
    return this.config.provider;
  }

  async doEmbed(options: EmbeddingModelV4CallOptions): Promise<EmbeddingModelV4Result> {
    const { values } = options;
    if (values.length > this.maxEmbeddingsPerCall) {
      throw new TooManyEmbeddingValuesForCallError({
        provider: this.provider,
        modelId: this.modelId,
        maxEmbeddingsPerCall: this.maxEmbeddingsPerCall,
        values,
      });
    }
    const call = prepareCall(options, ["model", "input"]);
    const body = defined({
      model: this.modelId,
      input: values,
      dimensions: options.dimensions,
      ...call.extraBody,
    }) as EmbeddingsRequest;
    const client = this.config.client();
    const { data, response } = await client.embeddings
      .create(body, call.request)
      .withResponse()
      .catch((error: unknown) => {
        throw toSpecError(error, {
          operationId: "createEmbeddings",
          baseUrl: client.baseUrl,
          body,
          abortSignal: options.abortSignal,
        });
      });
    // Each item names the input it embeds: in input order whatever order they came in.
    const embeddings = [...data.data]
      .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
      .map((item) => item.embedding ?? []);
    const tokens = data.usage?.prompt_tokens;
    return {
      embeddings,
      ...(typeof tokens === "number" ? { usage: { tokens } } : {}),
      response: { headers: headersOf(response), body: data },
      warnings: call.warnings,
    };
  }
}
