/**
 * Alignment projects: create, follow, read, list and delete. Both generations' routes share
 * one table; a project keeps its request in the 2026-07 names whichever route created it.
 */
import type { components } from "../../../generated/openapi.js";
import {
  isReady,
  modelIdOf,
  newProject,
  project2609,
  projectSummary2609,
  requestOf2609,
  status2609,
  statusAt,
} from "../lifecycle/projects.js";
import { type Router, refuse } from "../routing.js";
import type { World } from "../world.js";

type CreateAlignmentProjectRequest = components["schemas"]["CreateAlignmentProjectRequest"];

const notFound = (id: string) => refuse(404, { message: `Alignment project ${id} not found.`, alignment_id: id });
/** Model statuses during which a project cannot be deleted: its model is (or is still) deployed. */
const STILL_DEPLOYED = ["DEPLOYED", "DEPLOYING", "UNDEPLOYING"];

export function alignmentProjectRoutes(router: Router, world: World): void {
  const { store, timing } = world;

  /** A new project, stored with the evaluation it starts when READY if it was given a benchmark. */
  const create = (request: CreateAlignmentProjectRequest, generation?: "2026-09") => {
    const project = newProject(request, world, generation);
    world.addProject(project);
    return project;
  };
  const unknownBenchmark = (id: string | null | undefined) =>
    id != null && !store.benchmarks.get(id)
      ? refuse(404, { message: "Benchmark not found", benchmark_id: id })
      : undefined;

  router.on("createAlignmentProject", ({ body }) => {
    const { unknown } = world.unusableDocuments(body.document_ids);
    if (unknown.length > 0)
      return refuse(404, { message: `Documents not found: ${unknown.join(", ")}`, document_id: unknown[0] });
    const refused = unknownBenchmark(body.benchmark_id);
    if (refused) return refused;
    const project = create(body);
    return { id: project.id, alignment_id: project.id, status: "PROCESSING" };
  });

  router.on("createAlignmentProject2609", ({ body }) => {
    // A document still processing is refused like an unknown one.
    const { unknown, notReady } = world.unusableDocuments(body.document_ids);
    const missing = [...unknown, ...notReady];
    if (missing.length > 0)
      return refuse(404, {
        message: `Documents not found or not ready: ${missing.join(", ")}`,
        document_id: missing[0],
      });
    const refused = unknownBenchmark(body.benchmark_id);
    if (refused) return refused;
    const project = create(requestOf2609(body), "2026-09");
    return { alignment_id: project.id, status: "QUEUED" };
  });

  router.on("getAlignmentStatus2609", ({ path }) => {
    const record = store.projects.get(path.id);
    return record ? status2609(record, world.now(), timing) : notFound(path.id);
  });

  router.on("getAlignmentProject2609", ({ path }) => {
    const record = store.projects.get(path.id);
    return record ? project2609(record, world.now(), timing, world.projectPerformance(record)) : notFound(path.id);
  });

  router.on("listAlignmentProjects", ({ query }) => {
    const offset = query.offset ?? 0;
    const page = store.projects.all().slice(offset, offset + (query.limit ?? 10));
    return { alignment_projects: page.map((record) => projectSummary2609(record, world.now(), timing)) };
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
      const status = world.modelStatus(modelId, { kind: "project", project: record, ready: true });
      if (STILL_DEPLOYED.includes(status)) {
        return refuse(
          400,
          `Cannot delete an alignment project whose model is deployed (model ${modelId}, status ${status}). Undeploy the model first and wait for the undeploy task to complete.`,
        );
      }
    }
    world.deleteProject(record);
    return { alignment_id: record.id, message: "Alignment project deleted successfully" };
  });
}
