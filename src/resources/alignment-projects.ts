import type { APIPromise } from "../core/api-promise.js";
import { AlignmentFailedError } from "../core/errors.js";
import { ambiguityAdvice, jobs } from "../core/jobs.js";
import type { RequestOptions } from "../core/options.js";
import { type OffsetPageFields, type PagePromise, paginate } from "../core/pagination.js";
import { describedJob, pollUntilDone, type WaitOptions } from "../core/poll.js";
import { UnexpectedAnswer } from "../core/request.js";
import type { ClientContext } from "../core/resource.js";
import type {
  AlignmentProject,
  AlignmentProjectList,
  AlignmentProjectSummary,
  AlignmentStatusResponse,
  CreateAlignmentProjectRequest,
  CreatedAlignmentProject,
  DeletedAlignmentProject,
} from "../types.js";
import { type AndWaitOptions, idOf, splitAndWait, withId } from "./shared.js";

const CREATE_AMBIGUITY_HINT = ambiguityAdvice("alignment", "sdk");
const ID_NAMES = ["alignment_id"] as const;
const DEFAULT_PAGE_SIZE = 10;

export class AlignmentProjects {
  constructor(private readonly context: ClientContext) {}

  /**
   * Starts an alignment project. Resolves to its id and first status; the work itself runs
   * for hours. Takes either generation's field names (`name`/`alignment_name`,
   * `base_model`/`base_model_id`). Never sent twice unless the first attempt provably did
   * not reach the server.
   */
  create(body: CreateAlignmentProjectRequest, options?: RequestOptions): APIPromise<CreatedAlignmentProject> {
    return this.context.request(
      "createAlignmentProject",
      { body },
      { ...options, ambiguityHint: CREATE_AMBIGUITY_HINT },
      (data) => {
        // The reference calls the id `id`; the live API sends `alignment_id`.
        const created = withId(data as CreatedAlignmentProject, ID_NAMES);
        return { ...created, status: created.status ?? "pending" };
      },
    );
  }

  /**
   * The project's workflow status. On 2026-07 its `data` holds progress, error and, once
   * READY, `model_id`; on 2026-09 the SDK fills `data` with the progress and error the status
   * carries (the model id is on the project: see `retrieve`, or `waitUntilDone`, which adds it).
   */
  status(id: string, options?: RequestOptions): APIPromise<AlignmentStatusResponse> {
    return this.context.request(jobs.alignment.statusOperation, { path: { id } }, options, (data, { generation }) => {
      const status = data as AlignmentStatusResponse & { error?: string | null };
      if (generation !== "2026-09" || status.data) return status as AlignmentStatusResponse;
      return {
        ...status,
        data: { progress: status.progress, ...(status.error === undefined ? {} : { error: status.error }) },
      } as AlignmentStatusResponse;
    });
  }

  /** The project itself: name, base model, documents, metrics once evaluated, `model_id` once READY. */
  retrieve(id: string, options?: RequestOptions): APIPromise<AlignmentProject & { id: string }> {
    return this.context.request("getAlignmentProject", { path: { id } }, options, (data) =>
      withId(data as AlignmentProject, ID_NAMES, id),
    );
  }

  /**
   * One page of the account's projects (2026-09; a 2026-07 server has no such route and the
   * call is refused before sending). Await it for the first page; `for await` walks them all.
   */
  list(
    params: { limit?: number; offset?: number } = {},
    options?: RequestOptions,
  ): PagePromise<AlignmentProjectList & OffsetPageFields, AlignmentProjectSummary> {
    return paginate<AlignmentProjectList & OffsetPageFields, AlignmentProjectSummary>(
      (offset) =>
        this.context.request(
          "listAlignmentProjects",
          { query: offset === undefined ? params : { ...params, offset } },
          options,
        ),
      (data) => {
        if (!Array.isArray(data.alignment_projects)) throw new UnexpectedAnswer("alignment_projects to be a list");
        return data.alignment_projects.map(
          (project) => ({ ...project, ...idOf(project, ID_NAMES) }) as AlignmentProjectSummary,
        );
      },
      params.limit ?? DEFAULT_PAGE_SIZE,
    );
  }

  /** Deletes the project (2026-07). The server refuses (400) while its model is deployed: undeploy it first. */
  delete(id: string, options?: RequestOptions): APIPromise<DeletedAlignmentProject> {
    return this.context.request("deleteAlignmentProject", { path: { id } }, options);
  }

  /**
   * Polls until the project ends and resolves to its final status (READY, COMPLETED or
   * EVALUATED), with `model_id` and `evaluation_id` (top level and in `data`) whichever
   * generation answered. Throws AlignmentFailedError on FAILED or STOPPED, with the server's
   * error (and on 2026-09 its `stage_failures`), WaitTimeoutError when `timeoutMs` passes
   * first (the project keeps running). Unknown statuses and transient errors keep the wait going.
   */
  async waitUntilDone(
    id: string,
    options: WaitOptions<AlignmentStatusResponse> = {},
  ): Promise<AlignmentStatusResponse> {
    const read = (request: RequestOptions) => this.status(id, request).withResponse();
    const failure = (data: AlignmentStatusResponse, reason: string | undefined) =>
      new AlignmentFailedError(jobs.alignment.label, id, data, reason);
    let final: AlignmentStatusResponse;
    try {
      final = await pollUntilDone(describedJob("alignment", id, read, { failure }), options, this.context.logger);
    } catch (error) {
      if (!(error instanceof AlignmentFailedError) || (await this.context.generation()) !== "2026-09") throw error;
      // The 2026-09 status says FAILED and no more: the project holds the reason and the failed stages.
      const project = await this.retrieve(id, { maxRetries: options.maxRetries, headers: options.headers }).catch(
        () => undefined,
      );
      throw project
        ? failure(error.lastStatus as AlignmentStatusResponse, failureReason(project) ?? error.reason)
        : error;
    }
    const outcome = {
      model_id: final.model_id ?? final.data?.model_id,
      evaluation_id: final.evaluation_id ?? final.data?.evaluation_id,
    };
    if (outcome.model_id === undefined && (await this.context.generation(options.signal)) === "2026-09") {
      const project = await this.retrieve(id, {
        signal: options.signal,
        maxRetries: options.maxRetries,
        headers: options.headers,
      });
      Object.assign(outcome, { model_id: project.model_id, evaluation_id: project.evaluation_id });
    }
    // The project's id beside the outcome: a 2026-09 status names no id of its own.
    return { ...final, id, ...outcome, data: { ...final.data, ...outcome } };
  }

  /** Creates a project and waits for it to end; see create and waitUntilDone. */
  async createAndWait(
    body: CreateAlignmentProjectRequest,
    options: AndWaitOptions<AlignmentStatusResponse> = {},
  ): Promise<AlignmentStatusResponse> {
    const { wait, request } = splitAndWait(options);
    const created = await this.create(body, request);
    return this.waitUntilDone(created.id, wait);
  }
}

/** A failed 2026-09 project's `error`, with its `stage_failures` ("training: finetuning_failure"), verbatim. */
function failureReason(project: AlignmentProject): string | undefined {
  const error = typeof project.error === "string" && project.error !== "" ? project.error : undefined;
  const stages = Array.isArray(project.stage_failures)
    ? project.stage_failures.filter((stage) => typeof stage === "string")
    : [];
  if (stages.length === 0) return error;
  return `${error ?? "failed"} (stage failures: ${stages.join(", ")})`;
}
