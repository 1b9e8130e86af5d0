import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/options.js";
import { type WaitOptions, pollUntilDone } from "../core/poll.js";
import { UnexpectedAnswer } from "../core/request.js";
import type { ClientContext } from "../core/resource.js";
import type { BaseModel, DeploymentTask, DomainAlignedModel, StartedDeployment } from "../types.js";

export class Models {
  constructor(private readonly context: ClientContext) {}

  /** Every domain-aligned model of the authenticated user. */
  listAligned(options?: RequestOptions): APIPromise<DomainAlignedModel[]> {
    return this.context.request("listAlignedModels", {}, options, (data) => {
      if (!Array.isArray(data.domain_aligned_models)) throw new UnexpectedAnswer("domain_aligned_models to be a list");
      return data.domain_aligned_models;
    });
  }

  /** The base models; those with `alignment_ready` can be aligned. */
  listBase(options?: RequestOptions): APIPromise<BaseModel[]> {
    return this.context.request("listBaseModels", {}, options, (data) => {
      if (!Array.isArray(data.models)) throw new UnexpectedAnswer("models to be a list");
      return data.models;
    });
  }

  /** Starts deploying an aligned model (refused while it undeploys). Follow it with `waitUntilDeployed`. */
  deploy(modelId: string, options?: RequestOptions): APIPromise<StartedDeployment> {
    return this.context.request("deployModel", { path: { model_id: modelId } }, options, (data) => ({ ...data, model_id: data.model_id ?? modelId }));
  }

  /** The deploy task: PENDING, then COMPLETED (result: DEPLOYED) or FAILED (result.error). */
  deploymentStatus(modelId: string, options?: RequestOptions): APIPromise<DeploymentTask> {
    return this.context.request("getDeploymentStatus", { path: { model_id: modelId } }, options);
  }

  /** Polls the deploy task until it ends; throws JobFailedError with the server's reason if it failed. */
  waitUntilDeployed(modelId: string, options: WaitOptions<DeploymentTask> = {}): Promise<DeploymentTask> {
    return this.waitForTask("model deployment", modelId, (options) => this.deploymentStatus(modelId, options).withResponse(), options);
  }

  /** Starts undeploying a model (a deployed model is billed while idle). The API answers the bare id. */
  undeploy(modelId: string, options?: RequestOptions): APIPromise<StartedDeployment> {
    return this.context.request("undeployModel", { path: { model_id: modelId } }, options, (data) => ({
      model_id: typeof data === "string" ? data : modelId,
    }));
  }

  /** The undeploy task, in the deploy task's shape. */
  undeploymentStatus(modelId: string, options?: RequestOptions): APIPromise<DeploymentTask> {
    return this.context.request("getUndeploymentStatus", { path: { model_id: modelId } }, options);
  }

  /** Polls the undeploy task until it ends. */
  waitUntilUndeployed(modelId: string, options: WaitOptions<DeploymentTask> = {}): Promise<DeploymentTask> {
    return this.waitForTask("model undeployment", modelId, (options) => this.undeploymentStatus(modelId, options).withResponse(), options);
  }

  private waitForTask(label: string, modelId: string, read: (options: RequestOptions) => ReturnType<APIPromise<DeploymentTask>["withResponse"]>, options: WaitOptions<DeploymentTask>) {
    return pollUntilDone(
      {
        kind: "DeploymentTaskStatus",
        label,
        id: modelId,
        read,
        status: (data) => data.status,
        reason: (data) => {
          const result = data.result as { error?: unknown } | string | null | undefined;
          if (typeof result === "string") return result;
          return typeof result?.error === "string" ? result.error : undefined;
        },
      },
      options,
      this.context.logger,
    );
  }
}
