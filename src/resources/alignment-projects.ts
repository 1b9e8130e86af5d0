import type { Nugen } from "../client.js";
import { createAlignmentProjectBody } from "../../generated/validators.js";
import { APIError } from "../core/errors.js";
import type { RequestOptions } from "../core/options.js";
import { assertValid } from "../core/validate.js";
import type { CreateAlignmentProjectRequest, CreatedAlignmentProject } from "../types.js";
import { dataOf } from "./data.js";

const CREATE_AMBIGUITY_HINT =
  "The project may have been created all the same: check `nugen.models.listAligned()` (or the project's status) before creating it again.";

export class AlignmentProjects {
  constructor(private readonly client: Nugen) {}

  /**
   * Starts an alignment project. Resolves to its id and first status; the work itself runs
   * for hours. Never sent twice unless the first attempt provably did not reach the server.
   */
  async create(body: CreateAlignmentProjectRequest, options?: RequestOptions): Promise<CreatedAlignmentProject> {
    assertValid(createAlignmentProjectBody, body, "body");
    const result = await this.client.api.POST("/api/v3/alignment-project/create", {
      body,
      ...this.client.callInit({ ...options, ambiguityHint: CREATE_AMBIGUITY_HINT }),
    });
    const data = dataOf(result, this.client.redact);
    // The reference calls the id `id`; the live API sends `alignment_id`.
    const id = data.id ?? data.alignment_id;
    if (typeof id !== "string" || id === "") {
      const error = new APIError(
        result.response.status,
        this.client.redact(data),
        {},
        `The server answered without a project id. ${CREATE_AMBIGUITY_HINT}`,
      );
      error.mayHaveTakenEffect = true;
      throw error;
    }
    return { ...data, id, status: data.status ?? "pending" };
  }
}
