import type { APIPromise } from "../core/api-promise.js";
import { InternalServerError } from "../core/errors.js";
import { ambiguityAdvice, jobs } from "../core/jobs.js";
import type { RequestOptions } from "../core/options.js";
import { type PagePromise, paginate } from "../core/pagination.js";
import { describedJob, pollUntilDone, type WaitOptions } from "../core/poll.js";
import { UnexpectedAnswer } from "../core/request.js";
import type { ClientContext } from "../core/resource.js";
import type {
  CreatedEvaluation,
  CreateEvaluationRequest,
  DeletedEvaluation,
  Evaluation,
  EvaluationDetail,
  EvaluationList,
  EvaluationResults,
  EvaluationStatusResponse,
  ListEvaluationsParams,
} from "../types.js";
import { withId } from "./shared.js";

const CREATE_AMBIGUITY_HINT = ambiguityAdvice("evaluation", "sdk");
const ID_NAMES = ["evaluation_id"] as const;

export class Evaluations {
  constructor(private readonly context: ClientContext) {}

  /** Starts evaluating `model_id` (or comparing it with `model_id_2`, 2026-09's `baseline_model_id`) on a benchmark. */
  create(body: CreateEvaluationRequest, options?: RequestOptions): APIPromise<CreatedEvaluation> {
    return this.context.request(
      "createEvaluation",
      { body },
      { ...options, ambiguityHint: CREATE_AMBIGUITY_HINT },
      (data) => withId(data as CreatedEvaluation, ID_NAMES),
    );
  }

  /** The evaluation itself: name, status, progress in samples (2026-09; refused before sending on 2026-07, which has no such route). */
  retrieve(id: string, options?: RequestOptions): APIPromise<EvaluationDetail> {
    return this.context.request("getEvaluation", { path: { id } }, options, (data) => withId(data, ID_NAMES, id));
  }

  /**
   * One page of evaluations (`limit` 1–100, default 10, from `offset`), filtered by `status`
   * or `model_id`. Await it for the first page; `for await` walks every evaluation.
   */
  list(params: ListEvaluationsParams = {}, options?: RequestOptions): PagePromise<EvaluationList, Evaluation> {
    return paginate(
      (offset) =>
        this.context.request(
          "listEvaluations",
          { query: offset === undefined ? params : { ...params, offset } },
          options,
        ),
      (data) => {
        if (!Array.isArray(data.evaluations)) throw new UnexpectedAnswer("evaluations to be a list");
        return data.evaluations;
      },
    );
  }

  /** Progress of a running evaluation: questions done of the total, and an ETA. */
  status(id: string, options?: RequestOptions): APIPromise<EvaluationStatusResponse & { id: string }> {
    return this.context.request(jobs.evaluation.statusOperation, { path: { id } }, options, (data) =>
      withId(data as EvaluationStatusResponse, ID_NAMES, id),
    );
  }

  /** The metrics of a completed evaluation (refused with a BadRequestError until then). */
  results(id: string, options?: RequestOptions): APIPromise<EvaluationResults & { id: string }> {
    return this.context.request("getEvaluationResults", { path: { id } }, options, (data) =>
      withId(data, ID_NAMES, id),
    );
  }

  /** The full results as the API's JSON attachment: per-question answers and scores. */
  download(id: string, options?: RequestOptions): APIPromise<Record<string, unknown>> {
    return this.context.request(
      "downloadEvaluationResults",
      { path: { id } },
      options,
      (data) => data as Record<string, unknown>,
    );
  }

  delete(id: string, options?: RequestOptions): APIPromise<DeletedEvaluation> {
    return this.context.request("deleteEvaluation", { path: { id } }, options);
  }

  /**
   * Polls until the evaluation ends; throws JobFailedError if it failed. On 2026-09, where
   * the status route was seen answering 500 for hours while the evaluation ran, a status read
   * that fails with a 5xx switches the wait to the evaluation itself (`GET /evaluations/{id}`).
   */
  waitUntilDone(
    id: string,
    options: WaitOptions<EvaluationStatusResponse> = {},
  ): Promise<EvaluationStatusResponse & { id: string }> {
    let fallback = false;
    const read = async (request: RequestOptions) => {
      if (fallback) return this.retrieve(id, request).withResponse();
      try {
        return await this.status(id, request).withResponse();
      } catch (error) {
        if (!(error instanceof InternalServerError) || (await this.context.generation(request.signal)) !== "2026-09")
          throw error;
        this.context.logger.info(
          `the status route of evaluation ${id} answered ${error.status}; reading the evaluation itself instead`,
        );
        fallback = true;
        return this.retrieve(id, request).withResponse();
      }
    };
    return pollUntilDone(
      describedJob<EvaluationStatusResponse & { id: string }>("evaluation", id, read),
      options,
      this.context.logger,
    );
  }
}
