import type { Nugen } from "../client.js";
import { createAlignmentProjectBody, getAlignmentStatusPath } from "../../generated/validators.js";
import { APIError } from "../core/errors.js";
import type { RequestOptions } from "../core/options.js";
import { assertValid } from "../core/validate.js";
import type { AlignmentStatusResponse, CreateAlignmentProjectRequest, CreatedAlignmentProject } from "../types.js";
import { type StatusRead, type WaitOptions, waitUntilDone } from "../wait.js";
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

  /** The project's workflow status, its data (progress, error, model_id) and start/end times. */
  async status(id: string, options?: RequestOptions): Promise<AlignmentStatusResponse> {
    return (await this.readStatus(id, options)).data;
  }

  /**
   * Polls until the project ends and resolves to its final status (READY, COMPLETED or
   * EVALUATED). Throws AlignmentFailedError on FAILED or STOPPED, WaitTimeoutError when
   * `timeoutMs` passes first (the project keeps running). Unknown statuses and transient
   * errors keep the wait going.
   */
  async waitUntilDone(id: string, options: WaitOptions = {}): Promise<AlignmentStatusResponse> {
    assertValid(getAlignmentStatusPath, { id }, "");
    return waitUntilDone(id, (signal) => this.readStatus(id, { signal }), options);
  }

  /** Creates a project and waits for it to end; see create and waitUntilDone. */
  async createAndWait(
    body: CreateAlignmentProjectRequest,
    options: WaitOptions & Omit<RequestOptions, "signal"> = {},
  ): Promise<AlignmentStatusResponse> {
    const { pollIntervalMs, timeoutMs, onProgress, signal, ...requestOptions } = options;
    const created = await this.create(body, { ...requestOptions, signal });
    return this.waitUntilDone(created.id, { pollIntervalMs, timeoutMs, onProgress, signal });
  }

  private async readStatus(id: string, options?: RequestOptions): Promise<StatusRead> {
    assertValid(getAlignmentStatusPath, { id }, "");
    const result = await this.client.api.GET("/api/v3/alignment-project/status/{id}", {
      params: { path: { id } },
      ...this.client.callInit(options),
    });
    return { data: dataOf(result, this.client.redact), headers: result.response.headers };
  }
}
