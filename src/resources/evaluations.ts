import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/options.js";
import { type PagePromise, paginate } from "../core/pagination.js";
import { type WaitOptions, pollUntilDone } from "../core/poll.js";
import { UnexpectedAnswer } from "../core/request.js";
import type { ClientContext } from "../core/resource.js";
import type {
  CreateEvaluationRequest,
  CreatedEvaluation,
  DeletedEvaluation,
  Evaluation,
  EvaluationList,
  EvaluationResults,
  EvaluationStatusResponse,
  ListEvaluationsParams,
} from "../types.js";
import { percent, withId } from "./shared.js";

const CREATE_AMBIGUITY_HINT = "The evaluation may have been started all the same: check `nugen.evaluations.list()` before starting it again.";
const ID_NAMES = ["evaluation_id"] as const;

export class Evaluations {
  constructor(private readonly context: ClientContext) {}

  /** Starts evaluating `model_id` (or comparing it with `model_id_2`) on a benchmark. */
  create(body: CreateEvaluationRequest, options?: RequestOptions): APIPromise<CreatedEvaluation> {
    return this.context.request("createEvaluation", { body }, { ...options, ambiguityHint: CREATE_AMBIGUITY_HINT }, (data) => withId(data, ID_NAMES));
  }

  /**
   * One page of evaluations (`limit` 1–100, default 10, from `offset`), filtered by `status`
   * or `model_id`. Await it for the first page; `for await` walks every evaluation.
   */
  list(params: ListEvaluationsParams = {}, options?: RequestOptions): PagePromise<EvaluationList, Evaluation> {
    return paginate(
      (offset) => this.context.request("listEvaluations", { query: offset === undefined ? params : { ...params, offset } }, options),
      (data) => {
        if (!Array.isArray(data.evaluations)) throw new UnexpectedAnswer("evaluations to be a list");
        return data.evaluations;
      },
    );
  }

  /** Progress of a running evaluation: questions done of the total, and an ETA. */
  status(id: string, options?: RequestOptions): APIPromise<EvaluationStatusResponse & { id: string }> {
    return this.context.request("getEvaluationStatus", { path: { id } }, options, (data) => withId(data, ID_NAMES, id));
  }

  /** The metrics of a completed evaluation (refused with a BadRequestError until then). */
  results(id: string, options?: RequestOptions): APIPromise<EvaluationResults & { id: string }> {
    return this.context.request("getEvaluationResults", { path: { id } }, options, (data) => withId(data, ID_NAMES, id));
  }

  /** The full results as the API's JSON attachment: per-question answers and scores. */
  download(id: string, options?: RequestOptions): APIPromise<Record<string, unknown>> {
    return this.context.request("downloadEvaluationResults", { path: { id } }, options, (data) => data as Record<string, unknown>);
  }

  delete(id: string, options?: RequestOptions): APIPromise<DeletedEvaluation> {
    return this.context.request("deleteEvaluation", { path: { id } }, options);
  }

  /** Polls until the evaluation ends; throws JobFailedError if it failed. */
  waitUntilDone(id: string, options: WaitOptions<EvaluationStatusResponse> = {}): Promise<EvaluationStatusResponse & { id: string }> {
    return pollUntilDone(
      {
        kind: "EvaluationStatus",
        label: "evaluation",
        id,
        read: (options) => this.status(id, options).withResponse(),
        status: (data) => data.status,
        progress: (data) => percent(data.questions_completed, data.total_questions),
        secondsLeft: (data) => (typeof data.eta_seconds === "number" && Number.isFinite(data.eta_seconds) ? data.eta_seconds : undefined),
        reason: (data) => (typeof data.error === "string" ? data.error : undefined),
      },
      options,
      this.context.logger,
    );
  }
}
