import { APIPromise } from "../core/api-promise.js";
import { ConflictError, NotFoundError, UnsupportedOperationError } from "../core/errors.js";
import { ambiguityAdvice, jobs } from "../core/jobs.js";
import type { RequestOptions } from "../core/options.js";
import { describedJob, pollUntilDone, type WaitOptions } from "../core/poll.js";
import { UnexpectedAnswer } from "../core/request.js";
import type { ClientContext } from "../core/resource.js";
import type { BaseModel, DeploymentTask, DomainAlignedModel, Model, StartedDeployment } from "../types.js";

export interface DeployOptions extends RequestOptions {
  /** Deploy the newest checkpoint before training ends (2026-09; refused on a 2026-07 server). */
  early?: boolean;
}

const EARLY_HINT =
  "The model is still training: pass `{ early: true }` to `nugen.models.deploy()` to deploy its newest checkpoint now.";

export class Models {
  constructor(private readonly context: ClientContext) {}

  /** Every domain-aligned model of the authenticated user, with `id`, `name`, `base_model` and `status` whichever generation answered. */
  listAligned(options?: RequestOptions): APIPromise<DomainAlignedModel[]> {
    return this.context.request("listAlignedModels", {}, options, (data) => {
      if (!Array.isArray(data.domain_aligned_models)) throw new UnexpectedAnswer("domain_aligned_models to be a list");
      return data.domain_aligned_models.map(alignedModel);
    });
  }

  /** The base models, with `id` and `name` whichever generation answered; those with `alignment_ready` can be aligned. */
  listBase(options?: RequestOptions): APIPromise<BaseModel[]> {
    return this.context.request("listBaseModels", {}, options, (data) => {
      if (!Array.isArray(data.models)) throw new UnexpectedAnswer("models to be a list");
      return data.models.map((model) => ({
        ...model,
        id: (model.id ?? model.model_id) as string,
        name: model.name ?? model.model_name ?? null,
      }));
    });
  }

  /**
   * One aligned model: its deployment, progress, evaluations. On 2026-07, which has no such
   * route, its entry in the aligned models' list (a NotFoundError when it is not there).
   */
  retrieve(modelId: string, options?: RequestOptions): APIPromise<Model> {
    return new APIPromise(
      (async () => {
        if ((await this.context.generation(options?.signal)) === "2026-09") {
          return this.context
            .request(
              "getModel",
              { path: { model_id: modelId } },
              options,
              (data) => ({ ...alignedModel(data as Record<string, unknown>), ...data }) as Model,
            )
            .withResponse();
        }
        const listed = await this.listAligned(options).withResponse();
        const model = listed.data.find((candidate) => candidate.id === modelId || candidate.model_id === modelId);
        if (!model)
          throw new NotFoundError(
            404,
            { detail: "Model not found" },
            {},
            `404 No aligned model ${modelId} in the aligned models' list.`,
          );
        return { ...listed, data: { ...model, model_id: modelId } as Model };
      })(),
    );
  }

  /**
   * Starts deploying an aligned model. Follow it with `waitUntilDeployed`. Refused (400)
   * while it deploys, is deployed or (2026-07) undeploys; on 2026-09, while its project
   * still trains (409: pass `early: true`). Never sent twice.
   */
  deploy(modelId: string, options: DeployOptions = {}): APIPromise<StartedDeployment> {
    const { early, ...request } = options;
    return new APIPromise(
      (async () => {
        if (early !== undefined && (await this.context.generation(request.signal)) !== "2026-09") {
          throw new UnsupportedOperationError("deployModel with `early`", "2026-07");
        }
        const query = early === undefined ? undefined : { early };
        const settings = { ...request, ambiguityHint: ambiguityAdvice("deploy", "sdk") };
        return this.context
          .request("deployModel", { path: { model_id: modelId }, query }, settings, (data) => ({
            ...(data as object),
            model_id: (data as { model_id?: string })?.model_id ?? modelId,
          }))
          .withResponse()
          .catch((error: unknown) => {
            if (error instanceof ConflictError && !error.message.includes("early: true"))
              error.message += ` ${EARLY_HINT}`;
            throw error;
          });
      })(),
    );
  }

  /** The deploy task (2026-07: PENDING, then COMPLETED or FAILED) or the deployment's status (2026-09: UNDEPLOYED, DEPLOYING, DEPLOYED). */
  deploymentStatus(modelId: string, options?: RequestOptions): APIPromise<DeploymentTask> {
    return this.context.request(
      jobs.deploy.statusOperation,
      { path: { model_id: modelId } },
      options,
      (data) => data as DeploymentTask,
    );
  }

  /** Polls until the model is deployed; throws JobFailedError with the server's reason if it failed (2026-09: UNDEPLOYED with an error). */
  waitUntilDeployed(modelId: string, options: WaitOptions<DeploymentTask> = {}): Promise<DeploymentTask> {
    return pollUntilDone(
      describedJob("deploy", modelId, (request) => this.deploymentStatus(modelId, request).withResponse()),
      options,
      this.context.logger,
    );
  }

  /** Starts undeploying a model (a deployed model is billed while idle). */
  undeploy(modelId: string, options?: RequestOptions): APIPromise<StartedDeployment> {
    const settings = { ...options, ambiguityHint: ambiguityAdvice("undeploy", "sdk") };
    return this.context.request("undeployModel", { path: { model_id: modelId } }, settings, (data) => ({
      // 2026-07 answers the bare id.
      ...(typeof data === "object" && data !== null ? data : {}),
      model_id: typeof data === "string" ? data : ((data as { model_id?: string } | null)?.model_id ?? modelId),
    }));
  }

  /** The undeploy task (2026-07), or on 2026-09 the deployment's own status, which shows the undeploy too. */
  undeploymentStatus(modelId: string, options?: RequestOptions): APIPromise<DeploymentTask> {
    return new APIPromise(
      (async () => {
        const operation =
          (await this.context.generation(options?.signal)) === "2026-09"
            ? jobs.deploy.statusOperation
            : jobs.undeploy.statusOperation;
        return this.context
          .request(operation, { path: { model_id: modelId } }, options, (data) => data as DeploymentTask)
          .withResponse();
      })(),
    );
  }

  /** Polls until the model is undeployed. */
  waitUntilUndeployed(modelId: string, options: WaitOptions<DeploymentTask> = {}): Promise<DeploymentTask> {
    return pollUntilDone(
      describedJob("undeploy", modelId, (request) => this.undeploymentStatus(modelId, request).withResponse()),
      options,
      this.context.logger,
    );
  }
}

/** An aligned model with the names 2026-07 uses set from 2026-09's where the server sent those. */
function alignedModel(model: Partial<DomainAlignedModel> & Record<string, unknown>): DomainAlignedModel {
  return {
    ...model,
    id: (model.id ?? model.model_id) as string,
    name: model.name ?? model.model_name ?? null,
    base_model: model.base_model ?? model.base_model_id ?? null,
    status: model.status ?? model.deployment_status ?? null,
  } as DomainAlignedModel;
}
