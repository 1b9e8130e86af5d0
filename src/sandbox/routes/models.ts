/**
 * Models: the aligned and base lists, one model, and deploying and undeploying aligned
 * models on request: as 2026-07 tasks, or as the 2026-09 deployment. The lists' paths are
 * shared by both generations but not their fields: a sandbox of one generation answers in
 * its fields, one of both generations with both sets.
 */
import type { components } from "../../../generated/openapi.js";
import { isoWithoutZone } from "../clock.js";
import { type AlignedModelSource, baseModelOf, deployFails, type SeedBaseModel } from "../lifecycle/aligned-models.js";
import { latest, taskStatus, withRequest } from "../lifecycle/deployments.js";
import { endsAt } from "../lifecycle/timing.js";
import { type Router, refuse } from "../routing.js";
import type { World } from "../world.js";

type Schemas = components["schemas"];

/** Figures of the base models the 2026-07 seed does not give, as the 2026-09 list names them. */
const BASE_MODEL_DETAILS: Record<string, Pick<Schemas["BaseModel"], "parameters" | "type">> = {
  "nugen-flash-instruct": { parameters: "8B", type: "llm" },
  "llama-v3p2-3b-reasoning": { parameters: "3B", type: "llm" },
  "llama-v3p3-70b-instruct": { parameters: "70B", type: "llm" },
};

export function modelRoutes(router: Router, world: World): void {
  const { store, timing } = world;
  const origin = (url: string) => new URL(url).origin;
  const { generation } = router;

  /** The aligned model, or why it cannot be deployed or followed. */
  const find = (id: string) => {
    const source = world.alignedModel(id);
    if (source) return source;
    if (world.baseModels.some((model) => model.id === id)) {
      return refuse(404, {
        message: `Model ${id} is a base model: base models are served without deployment.`,
        model_id: id,
      });
    }
    return refuse(404, { message: "Model not found", model_id: id });
  };
  /** A 2026-07 route knows a model once its project is READY. */
  const findReady = (id: string) => {
    const source = find(id);
    return "kind" in source && source.kind === "project" && !source.ready
      ? refuse(404, { message: "Model not found", model_id: id })
      : source;
  };

  const record = (id: string, kind: "deploy" | "undeploy", instant = false) =>
    store.deployments.put(withRequest(store.deployments.get(id), id, kind, world.now(), instant));

  router.on("listAlignedModels", ({ c }) => {
    const models = world.alignedModels(origin(c.req.url)).map((model) => {
      const fields2609 = {
        model_id: model.id,
        model_name: model.name,
        base_model_id: model.base_model,
        alignment_id: model.alignment_id ?? null,
        deployment_status: model.deployment_status ?? model.status,
      };
      if (generation === "2026-09") return fields2609;
      return generation === "2026-07" ? model : { ...model, ...fields2609 };
    });
    return { domain_aligned_models: models };
  });

  router.on("listBaseModels", () => {
    const fields2609 = (model: SeedBaseModel) => ({
      model_id: model.id,
      model_name: model.name ?? null,
      parameters: BASE_MODEL_DETAILS[model.id]?.parameters ?? null,
      alignment_ready: model.alignment_ready ?? false,
      available_on_request: model.alignment_ready === false,
      type: model.type ?? BASE_MODEL_DETAILS[model.id]?.type ?? "llm",
    });
    if (generation === "2026-07") return { models: world.baseModels };
    return {
      models: world.baseModels.map((model) =>
        generation === "2026-09" ? fields2609(model) : { ...model, ...fields2609(model) },
      ),
    };
  });

  router.on("getModel", ({ path: { model_id: id } }) => {
    const source = find(id);
    if (!("kind" in source)) return source;
    return model2609(world, id, source);
  });

  router.on("deployModel", ({ path: { model_id: id } }) => {
    const source = findReady(id);
    if (!("kind" in source)) return source;
    const status = world.modelStatus(id, source);
    if (status === "UNDEPLOYING") return refuse(400, `Model cannot be redeployed. Current status: ${status}`);
    if (status === "DEPLOYED") return refuse(400, `Model is already deployed. Current status: ${status}`);
    // A deploy asked again while it runs joins the running task.
    if (!(status === "DEPLOYING" && latest(store.deployments.get(id))?.kind === "deploy")) record(id, "deploy");
    return { model_id: id };
  });

  router.on("deployModel2609", ({ path: { model_id: id }, query }) => {
    const source = find(id);
    if (!("kind" in source)) return source;
    if (source.kind === "project" && !source.ready) {
      const checkpoint = world.projectCheckpoint(source.project);
      if (!query.early)
        return refuse(
          409,
          `Model is still training. Retry with early=true to deploy the latest checkpoint${checkpoint ? "" : " once the project's status says early_deployable"}.`,
        );
      if (!checkpoint)
        return refuse(
          409,
          "Model is still training and has no checkpoint to deploy yet: wait until the project's status says early_deployable.",
        );
    }
    const status = world.modelStatus(id, source);
    if (["DEPLOYING", "DEPLOYED", "UNDEPLOYING"].includes(status))
      return refuse(400, `Model is already being deployed or deployed. Current status: ${status}`);
    record(id, "deploy");
    return { model_id: id, status: "DEPLOYING", message: "Deployment started" };
  });

  router.on("getDeploymentStatus", ({ path: { model_id: id } }) => {
    const source = findReady(id);
    if (!("kind" in source)) return source;
    const task = latest(store.deployments.get(id), "deploy");
    return task
      ? taskStatus(id, task, world.now(), timing, deployFails(id, source))
      : refuse(404, { message: "This model has no deploy task.", model_id: id });
  });

  router.on("getDeploymentStatus2609", ({ path: { model_id: id } }) => {
    const source = find(id);
    if (!("kind" in source)) return source;
    const { status, error } = world.deployment2609(id, source);
    return { status, error };
  });

  router.on("undeployModel", ({ path: { model_id: id } }) => {
    const source = findReady(id);
    if (!("kind" in source)) return source;
    const status = world.modelStatus(id, source);
    if (status === "DEPLOYED") record(id, "undeploy");
    // Asked again while it runs (a retried DELETE): the running task is the answer.
    else if (status !== "UNDEPLOYING") return refuse(400, `Model is not deployed. Current status: ${status}`);
    return id;
  });

  router.on("undeployModel2609", ({ path: { model_id: id } }) => {
    const source = find(id);
    if (!("kind" in source)) return source;
    const status = world.modelStatus(id, source);
    if (status !== "DEPLOYED") return refuse(400, `Model is not deployed. Current status: ${status}`);
    record(id, "undeploy", true);
    return { model_id: id, status: "UNDEPLOYED", message: "Model undeployed" };
  });

  router.on("getUndeploymentStatus", ({ path: { model_id: id } }) => {
    const source = findReady(id);
    if (!("kind" in source)) return source;
    const task = latest(store.deployments.get(id), "undeploy");
    return task
      ? taskStatus(id, task, world.now(), timing, deployFails(id, source))
      : refuse(404, { message: "This model has no undeploy task.", model_id: id });
  });
}

/** One aligned model as `GET /models/{model_id}` shows it (2026-09). */
function model2609(world: World, id: string, source: AlignedModelSource): Schemas["Model2609"] {
  const deployment = world.deployment2609(id, source);
  const base = baseModelOf(source);
  const evaluations = world.evaluations().filter((record) => record.modelId === id || record.modelId2 === id);
  const all = evaluations.map((record) => ({
    evaluation_id: record.id,
    status: world.evaluationState(record).status,
    created_at: isoWithoutZone(record.startsAt),
  }));
  const last = all.at(-1);
  const project = source.kind === "project" ? source.project : undefined;
  const createdAt = project
    ? isoWithoutZone(endsAt(project.createdAt, world.timing.jobMs, world.timing))
    : String(source.kind === "seed" ? (source.seed.created_date ?? "") : "");
  const changed = latest(world.store.deployments.get(id))?.at;
  const seedMetrics = source.kind === "seed" ? (source.seed.performance_metrics ?? null) : null;
  const performance = project ? world.projectPerformance(project) : null;
  return {
    model_id: id,
    model_name: project ? project.request.name : ((source.kind === "seed" ? source.seed.name : null) ?? null),
    base_model_id: base,
    base_model_name: world.baseModels.find((model) => model.id === base)?.name ?? null,
    alignment_id: project ? project.id : ((source.kind === "seed" ? source.seed.alignment_id : null) ?? null),
    deployment_status: deployment.status,
    error: deployment.error,
    progress: deployment.progress,
    eta_seconds: deployment.etaSeconds,
    performance_metrics: performance
      ? { accuracy: performance.accuracy_after ?? 0, uncertainty: performance.uncertainty_after ?? 0 }
      : seedMetrics
        ? { ...seedMetrics }
        : { accuracy: 0, uncertainty: 0 },
    evaluation_data: last
      ? { evaluation_id: last.evaluation_id, status: last.status, created_at: last.created_at, all_evaluations: all }
      : null,
    usage_count: 0,
    downloadable: false,
    inference_capture_enabled: false,
    created_at: createdAt,
    updated_at: changed === undefined ? createdAt : isoWithoutZone(changed),
  };
}
