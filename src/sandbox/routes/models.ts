/** Models: the aligned and base lists, and deploying and undeploying aligned models on request. */
import { latest, taskStatus } from "../lifecycle/deployments.js";
import { type Router, refuse } from "../routing.js";
import type { World } from "../world.js";

export function modelRoutes(router: Router, world: World): void {
  const { store, timing } = world;
  const origin = (url: string) => new URL(url).origin;

  /** The aligned model, or why it cannot be deployed or followed. */
  const find = (id: string) => {
    const source = world.alignedModel(id);
    if (source) return source;
    if (world.baseModels.some((model) => model.id === id)) {
      return refuse(404, { message: `Model ${id} is a base model: base models are served without deployment.`, model_id: id });
    }
    return refuse(404, { message: "Model not found", model_id: id });
  };

  const record = (id: string, kind: "deploy" | "undeploy") => {
    const events = [...(store.deployments.get(id)?.events ?? []), { kind, at: world.now() }];
    store.deployments.put({ id, events });
  };

  router.on("listAlignedModels", ({ c }) => ({ domain_aligned_models: world.alignedModels(origin(c.req.url)) }));

  router.on("listBaseModels", () => ({ models: world.baseModels }));

  router.on("deployModel", ({ path: { model_id: id } }) => {
    const source = find(id);
    if (!("kind" in source)) return source;
    const status = world.modelStatus(id, source);
    if (status === "UNDEPLOYING") return refuse(400, `Model cannot be redeployed. Current status: ${status}`);
    if (status === "DEPLOYED") return refuse(400, `Model is already deployed. Current status: ${status}`);
    // A deploy asked again while it runs joins the running task.
    if (!(status === "DEPLOYING" && latest(store.deployments.get(id))?.kind === "deploy")) record(id, "deploy");
    return { model_id: id };
  });

  router.on("getDeploymentStatus", ({ path: { model_id: id } }) => {
    const source = find(id);
    if (!("kind" in source)) return source;
    const task = latest(store.deployments.get(id), "deploy");
    return task ? taskStatus(id, task, world.now(), timing) : refuse(404, { message: "This model has no deploy task.", model_id: id });
  });

  router.on("undeployModel", ({ path: { model_id: id } }) => {
    const source = find(id);
    if (!("kind" in source)) return source;
    const status = world.modelStatus(id, source);
    if (status === "DEPLOYED") record(id, "undeploy");
    // Asked again while it runs (a retried DELETE): the running task is the answer.
    else if (status !== "UNDEPLOYING") return refuse(400, `Model is not deployed. Current status: ${status}`);
    return id;
  });

  router.on("getUndeploymentStatus", ({ path: { model_id: id } }) => {
    const source = find(id);
    if (!("kind" in source)) return source;
    const task = latest(store.deployments.get(id), "undeploy");
    return task ? taskStatus(id, task, world.now(), timing) : refuse(404, { message: "This model has no undeploy task.", model_id: id });
  });
}
