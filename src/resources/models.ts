import type { Nugen } from "../client.js";
import type { RequestOptions } from "../core/options.js";
import type { DomainAlignedModel } from "../types.js";
import { dataOf, unexpectedShape } from "./data.js";

export class Models {
  constructor(private readonly client: Nugen) {}

  /** Every domain-aligned model of the authenticated user. */
  async listAligned(options?: RequestOptions): Promise<DomainAlignedModel[]> {
    const result = await this.client.api.GET("/api/v3/models/aligned", this.client.callInit(options));
    const models = dataOf(result, this.client.redact).domain_aligned_models;
    if (!Array.isArray(models)) {
      throw unexpectedShape(result.response, result.data, "domain_aligned_models to be a list", this.client.redact);
    }
    return models;
  }
}
