/**
 * A Nugen reranker as the AI SDK's reranking model: `rerank` with `topN`, documents as
 * strings or objects. Nugen's `method`, `model_cross`, `stage1_top_k`, ... go in
 * `providerOptions.nugen`; the run's `meta` comes back in `providerMetadata.nugen.meta`.
 */
import type {
  JSONObject,
  RerankingModelV4,
  RerankingModelV4CallOptions,
  RerankingModelV4Result,
} from "@ai-sdk/provider";
import type { RerankRequest } from "nugen";
import { defined, PROVIDER_KEY, prepareCall } from "./call-options.js";
import { toSpecError } from "./errors.js";
import type { ModelConfig } from "./model-config.js";
import { headersOf } from "./results.js";

export class NugenRerankingModel implements RerankingModelV4 {
  readonly specificationVersion = "v4";

  constructor(
    readonly modelId: string,
    private readonly config: Omit<ModelConfig, "newId">,
  ) {}

  get provider(): string {
    return this.config.provider;
  }

  async doRerank(options: RerankingModelV4CallOptions): Promise<RerankingModelV4Result> {
    const call = prepareCall(options, ["model", "query", "documents"]);
    const body = defined({
      model: this.modelId,
      query: options.query,
      documents: options.documents.values,
      top_n: options.topN,
      ...call.extraBody,
    }) as RerankRequest;
    const client = this.config.client();
    const { data, response } = await client.rerank
      .create(body, call.request)
      .withResponse()
      .catch((error: unknown) => {
        throw toSpecError(error, {
          operationId: "createRerank",
          baseUrl: client.baseUrl,
          body,
          abortSignal: options.abortSignal,
        });
      });
    return {
      ranking: data.results.map((result) => ({ index: result.index, relevanceScore: result.relevance_score })),
      ...(data.meta ? { providerMetadata: { [PROVIDER_KEY]: { meta: data.meta as JSONObject } } } : {}),
      response: { headers: headersOf(response), body: data },
      warnings: call.warnings,
    };
  }
}
