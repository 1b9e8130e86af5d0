/** Alignment projects: create, follow, read and delete. */
import type { EvaluationRecord } from "../lifecycle/evaluations.js";
import { type ProjectRecord, isReady, modelIdOf, readyAt, statusAt } from "../lifecycle/projects.js";
import { skillOf } from "../lifecycle/scores.js";
import { type Router, refuse } from "../routing.js";
import type { World } from "../world.js";

const notFound = (id: string) => refuse(404, { message: `Alignment project ${id} not found.`, alignment_id: id });
/** Model statuses during which a project cannot be deleted: its model is (or is still) deployed. */
const STILL_DEPLOYED = ["DEPLOYED", "DEPLOYING", "UNDEPLOYING"];

export function alignmentProjectRoutes(router: Router, world: World): void {
  const { store, timing } = world;

  router.on("createAlignmentProject", ({ body }) => {
    const { unknown } = world.unusableDocuments(body.document_ids);
    if (unknown.length > 0) return refuse(404, { message: `Documents not found: ${unknown.join(", ")}`, document_id: unknown[0] });
    const benchmarkId = body.benchmark_id ?? null;
    if (benchmarkId !== null && !store.benchmarks.get(benchmarkId)) return refuse(404, { message: "Benchmark not found", benchmark_id: benchmarkId });

    const project: ProjectRecord = { id: world.newId("alignment_"), request: body, createdAt: world.now(), creator: world.creator, evaluationId: null };
    const evaluationStart = readyAt(project, timing);
    if (benchmarkId !== null && evaluationStart !== undefined) {
      // The project's own evaluation: the aligned model against its base model, from READY.
      const modelId = modelIdOf(project);
      const base = body.base_model;
      const evaluation: EvaluationRecord = {
        id: world.newId("eval_"),
        modelId: base,
        modelId2: modelId,
        benchmarkId,
        customMetrics: [],
        judgeProvider: "anthropic",
        startsAt: evaluationStart,
        alignmentId: project.id,
        skills: { [base]: skillOf(base), [modelId]: skillOf(modelId, base) },
      };
      project.evaluationId = evaluation.id;
      store.evaluations.put(evaluation);
    }
    store.projects.put(project);
    return { id: project.id, alignment_id: project.id, status: "PROCESSING" };
  });

  router.on("getAlignmentStatus", ({ path }) => {
    const record = store.projects.get(path.id);
    return record ? statusAt(record, world.now(), timing, world.projectPerformance(record)) : notFound(path.id);
  });

  router.on("getAlignmentProject", ({ path }) => {
    const record = store.projects.get(path.id);
    return record ? statusAt(record, world.now(), timing, world.projectPerformance(record)).data : notFound(path.id);
  });

  router.on("deleteAlignmentProject", ({ path }) => {
    const record = store.projects.get(path.id);
    if (!record) return notFound(path.id);
    const modelId = modelIdOf(record);
    if (isReady(record, world.now(), timing)) {
      const status = world.modelStatus(modelId, { kind: "project", project: record });
      if (STILL_DEPLOYED.includes(status)) {
        return refuse(400, `Cannot delete an alignment project whose model is deployed (model ${modelId}, status ${status}). Undeploy the model first and wait for the undeploy task to complete.`);
      }
    }
    store.projects.delete(record.id);
    store.deployments.delete(modelId);
    // An evaluation that has not started yet never will; one that has stays, as any other.
    const evaluation = record.evaluationId ? store.evaluations.get(record.evaluationId) : undefined;
    if (evaluation && evaluation.startsAt > world.now()) store.evaluations.delete(evaluation.id);
    return { alignment_id: record.id, message: "Alignment project deleted successfully" };
  });

}
