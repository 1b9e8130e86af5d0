import type { APIPromise } from "../core/api-promise.js";
import { AlignmentFailedError } from "../core/errors.js";
import type { RequestOptions } from "../core/options.js";
import { type WaitOptions, pollUntilDone } from "../core/poll.js";
import type { ClientContext } from "../core/resource.js";
import type { AlignmentProject, AlignmentStatusResponse, CreateAlignmentProjectRequest, CreatedAlignmentProject, DeletedAlignmentProject } from "../types.js";
import { type AndWaitOptions, splitAndWait, withId } from "./shared.js";

const CREATE_AMBIGUITY_HINT =
  "The project may have been created all the same: check `nugen.models.listAligned()` (or the project's status) before creating it again.";

export class AlignmentProjects {
  constructor(private readonly context: ClientContext) {}

  /**
   * Starts an alignment project. Resolves to its id and first status; the work itself runs
   * for hours. Never sent twice unless the first attempt provably did not reach the server.
   */
  create(body: CreateAlignmentProjectRequest, options?: RequestOptions): APIPromise<CreatedAlignmentProject> {
    return this.context.request("createAlignmentProject", { body }, { ...options, ambiguityHint: CREATE_AMBIGUITY_HINT }, (data) => {
      // The reference calls the id `id`; the live API sends `alignment_id`.
      const created = withId(data, ["alignment_id"]);
      return { ...created, status: created.status ?? "pending" };
    });
  }

  /** The project's workflow status, its data (progress, error, model_id) and start/end times. */
  status(id: string, options?: RequestOptions): APIPromise<AlignmentStatusResponse> {
    return this.context.request("getAlignmentStatus", { path: { id } }, options);
  }

  /** The project itself: name, base model, documents, metrics once evaluated, `model_id` once READY. */
  retrieve(id: string, options?: RequestOptions): APIPromise<AlignmentProject & { id: string }> {
    return this.context.request("getAlignmentProject", { path: { id } }, options, (data) => withId(data, ["alignment_id"], id));
  }

  /** Deletes the project. The server refuses (400) while its model is deployed: undeploy it first. */
  delete(id: string, options?: RequestOptions): APIPromise<DeletedAlignmentProject> {
    return this.context.request("deleteAlignmentProject", { path: { id } }, options);
  }

  /**
   * Polls until the project ends and resolves to its final status (READY, COMPLETED or
   * EVALUATED). Throws AlignmentFailedError on FAILED or STOPPED, WaitTimeoutError when
   * `timeoutMs` passes first (the project keeps running). Unknown statuses and transient
   * errors keep the wait going.
   */
  waitUntilDone(id: string, options: WaitOptions<AlignmentStatusResponse> = {}): Promise<AlignmentStatusResponse> {
    return pollUntilDone(
      {
        kind: "AlignmentStatus",
        label: "alignment project",
        id,
        read: (options) => this.status(id, options).withResponse(),
        status: (data) => data.status,
        progress: (data) => (typeof data.data?.progress === "number" ? data.data.progress : undefined),
        reason: (data) => (typeof data.data?.error === "string" ? data.data.error : undefined),
        failure: (data, reason) => new AlignmentFailedError("alignment project", id, data, reason),
      },
      options,
      this.context.logger,
    );
  }

  /** Creates a project and waits for it to end; see create and waitUntilDone. */
  async createAndWait(body: CreateAlignmentProjectRequest, options: AndWaitOptions<AlignmentStatusResponse> = {}): Promise<AlignmentStatusResponse> {
    const { wait, request } = splitAndWait(options);
    const created = await this.create(body, request);
    return this.waitUntilDone(created.id, wait);
  }
}
