import type { APIPromise } from "../../core/api-promise.js";
import type { ClientContext } from "../../core/resource.js";
import type { EmbeddingList, EmbeddingsRequest, RerankRequest, RerankResponse } from "../../types.js";
import { type InferenceOptions, withInferenceHeaders } from "./options.js";

export class Embeddings {
  constructor(private readonly context: ClientContext) {}

  /** Vectors for a string or a list of strings (`dimensions` where the model supports it). */
  create(body: EmbeddingsRequest, options?: InferenceOptions): APIPromise<EmbeddingList> {
    return this.context.request("createEmbeddings", { body }, withInferenceHeaders(options));
  }
}

export class Rerank {
  constructor(private readonly context: ClientContext) {}

  /** Scores `documents` by relevance to `query`, best first. */
  create(body: RerankRequest, options?: InferenceOptions): APIPromise<RerankResponse> {
    return this.context.request("createRerank", { body }, withInferenceHeaders(options));
  }
}
