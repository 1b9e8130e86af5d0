import type { Nugen } from "../client.js";
import type { RequestOptions } from "../core/options.js";
import type { DomainAlignedModel } from "../types.js";
import { dataOf } from "./data.js";

export class Models {
  constructor(private readonly client: Nugen) {}

  /** Every domain-aligned model of the authenticated user. */
  async listAligned(options?: RequestOptions): Promise<DomainAlignedModel[]> {
    const result = await this.client.api.GET("/api/v3/models/aligned", this.client.callInit(options));
    return dataOf(result).domain_aligned_models;
  }
}
