/**
 * Evaluations: score one model, or compare two, on a benchmark. Created through either
 * generation's route, read through both: the 2026-09 detail route, the shared status and
 * results routes (the status one can be made to fail as the live 2026-09 API's did).
 */

import { isoWithoutZone } from "../clock.js";
import type { Faults } from "../faults.js";
import { benchmarkState } from "../lifecycle/benchmarks.js";
import {
  evaluation2609,
  evaluationDownload,
  evaluationRequest,
  evaluationRequest2609,
  evaluationResults,
  evaluationStatus,
  evaluationSummary,
} from "../lifecycle/evaluations.js";
import { type Router, refuse } from "../routing.js";
import type { World } from "../world.js";

const notFound = (id: string) => refuse(404, { message: "Evaluation not found", evaluation_id: id });
const SANDBOX_USER = "user_sandbox";

export function evaluationRoutes(router: Router, world: World, faults: Faults): void {
  const { store, timing } = world;

  /** A finished evaluation, or the 400 the live API answers before it has finished (in its generation's words). */
  const finished = (id: string) => {
    const record = world.evaluation(id);
    if (!record) return notFound(id);
    const state = world.evaluationState(record);
    if (state.status === "FAILED")
      return refuse(400, { evaluation_id: id, message: `Evaluation failed: ${state.error}` });
    if (state.status !== "READY") {
      const message =
        record.generation === "2026-09"
          ? "Evaluation is not completed yet"
          : `Evaluation is not completed yet. Current status: ${state.status}`;
      return refuse(400, { evaluation_id: id, message });
    }
    return { record, state, questions: world.questionsOf(record), answers: world.evaluationAnswers(record) };
  };

  /** Why an evaluation of these models on this benchmark cannot start now, if it cannot. */
  const cannotStart = (models: string[], benchmarkId: string) => {
    const missing = models.find((id) => !world.modelExists(id));
    if (missing) return refuse(404, { message: "Model not found", model_id: missing });
    const benchmark = store.benchmarks.get(benchmarkId);
    if (!benchmark) return refuse(404, { message: "Benchmark not found", benchmark_id: benchmarkId });
    const { status } = benchmarkState(benchmark, world.now(), timing);
    if (status !== "READY") return refuse(400, `Benchmark ${benchmark.id} is not ready (status ${status}).`);
    return undefined;
  };

  router.on("createEvaluation2609", ({ body }) => {
    const refused = cannotStart(
      [body.model_id, body.baseline_model_id].filter((id): id is string => typeof id === "string"),
      body.benchmark_id,
    );
    if (refused) return refused;
    const record = world.newEvaluation(evaluationRequest2609(body, world.now()));
    return {
      evaluation_id: record.id,
      evaluation_name: record.name ?? null,
      status: "CREATED",
      model_id: record.modelId,
      benchmark_id: record.benchmarkId,
    };
  });

  router.on("getEvaluation", ({ path }) => {
    const record = world.evaluation(path.id);
    return record ? evaluation2609(record, world.evaluationState(record), timing) : notFound(path.id);
  });

  router.on("createEvaluation", ({ body }) => {
    const refused = cannotStart(
      [body.model_id, body.model_id_2].filter((id): id is string => typeof id === "string"),
      body.benchmark_id,
    );
    if (refused) return refused;
    const record = world.newEvaluation(evaluationRequest(body, world.now()));
    return {
      evaluation_id: record.id,
      model_id: record.modelId,
      status: "PROCESSING",
      benchmark_id: record.benchmarkId,
      created_at: isoWithoutZone(record.startsAt),
      message: "Evaluation started",
    };
  });

  router.on("listEvaluations", ({ query }) => {
    const limit = query.limit ?? 10;
    const offset = query.offset ?? 0;
    const wanted = query.status?.toUpperCase();
    const matching = world
      .evaluations()
      .map((record, order) => ({ record, order, state: world.evaluationState(record) }))
      .filter(
        ({ record, state }) =>
          (!wanted || state.status === wanted) &&
          (!query.model_id || record.modelId === query.model_id || record.modelId2 === query.model_id),
      )
      // Newest first; among equals, the one created last.
      .sort((a, b) => b.record.startsAt - a.record.startsAt || b.order - a.order);
    return {
      user_id: SANDBOX_USER,
      evaluations: matching.slice(offset, offset + limit).map(({ record, state }) => evaluationSummary(record, state)),
      total: matching.length,
      limit,
      offset,
    };
  });

  router.on("getEvaluationStatus", ({ c, path }) => {
    // As recorded on 2026-09: a plain-text 500 on every poll, while the detail route answers.
    if (faults.evaluationStatusFails(c.req.raw.headers)) return c.text("Internal Server Error", 500);
    const record = world.evaluation(path.id);
    return record ? evaluationStatus(record, world.evaluationState(record), timing) : notFound(path.id);
  });

  router.on("getEvaluationResults", ({ path }) => {
    const done = finished(path.id);
    return "record" in done ? evaluationResults(done.record, done.state, done.questions, done.answers) : done;
  });

  router.on("downloadEvaluationResults", ({ c, path }) => {
    const done = finished(path.id);
    if (!("record" in done)) return done;
    const attachment = `attachment; filename="evaluation_${done.record.id}.json"`;
    return c.json(evaluationDownload(done.record, done.state, done.questions, done.answers), 200, {
      "content-disposition": attachment,
    });
  });

  router.on("deleteEvaluation", ({ path }) => {
    const record = world.evaluation(path.id);
    if (!record) return notFound(path.id);
    store.evaluations.delete(record.id);
    return { id: record.id, message: "Evaluation deleted successfully" };
  });
}
