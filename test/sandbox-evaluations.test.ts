/** Sandbox evaluations: progress over time, results refused until complete, the two result shapes, pagination. */
import { afterEach, describe, expect, it } from "vitest";
import { RETURNS_POLICY, startSandbox, type TestSandbox } from "./helpers/sandbox.js";

let t: TestSandbox;
afterEach(() => t?.close());

const BASE = "llama-v3p2-3b-reasoning";

/** A processed document, a 4-question benchmark from it and a READY project (with that benchmark) whose model is aligned from BASE. */
async function prepare() {
  const documentId = await t.document("returns-policy.md", RETURNS_POLICY);
  const benchmarkId = await t.benchmark([documentId], 4);
  const project = await t.json("/api/v3/alignment-project/create", {
    method: "POST",
    body: JSON.stringify({ name: "Returns", base_model: BASE, document_ids: [documentId], benchmark_id: benchmarkId }),
  });
  t.advance(10_000);
  const status = await t.json(`/api/v3/alignment-project/status/${project.alignment_id}`);
  return {
    documentId,
    benchmarkId,
    projectId: project.alignment_id,
    modelId: status.data.model_id as string,
    projectEvaluation: status.data.evaluation_id as string,
  };
}

const create = (body: Record<string, unknown>) =>
  t.json("/api/v3/evaluations", { method: "POST", body: JSON.stringify(body) });

describe("sandbox evaluations", () => {
  it("completes questions over time and refuses results until complete", async () => {
    t = await startSandbox({ evaluationSeconds: 3 });
    const { benchmarkId, modelId } = await prepare();
    const created = await create({ model_id: modelId, benchmark_id: benchmarkId });
    expect(created).toEqual({
      evaluation_id: expect.stringMatching(/^eval_/),
      model_id: modelId,
      status: "PROCESSING",
      benchmark_id: benchmarkId,
      created_at: expect.any(String),
      message: "Evaluation started",
    });
    const id = created.evaluation_id;

    expect(await t.json(`/api/v3/evaluations/${id}/status`)).toMatchObject({
      status: "PROCESSING",
      progress: "0/4 questions",
      questions_completed: 0,
      total_questions: 4,
      end_time: null,
    });
    t.advance(1_500);
    expect(await t.json(`/api/v3/evaluations/${id}/status`)).toMatchObject({
      progress: "2/4 questions",
      questions_completed: 2,
      avg_time_per_question: 0.75,
      eta_seconds: 1.5,
    });
    for (const route of ["results", "download"]) {
      const early = await t.call(`/api/v3/evaluations/${id}/${route}`);
      expect(early.status).toBe(400);
      expect(await early.json()).toEqual({
        detail: { evaluation_id: id, message: "Evaluation is not completed yet. Current status: PROCESSING" },
      });
    }

    t.advance(1_500);
    expect(await t.json(`/api/v3/evaluations/${id}/status`)).toMatchObject({
      status: "READY",
      progress: "4/4 questions",
      eta_seconds: null,
      end_time: expect.any(String),
    });
    const results = await t.json(`/api/v3/evaluations/${id}/results`);
    expect(results).toEqual({
      evaluation_id: id,
      model_id: modelId,
      benchmark_id: benchmarkId,
      status: "READY",
      raw_answers_count: 4,
      completed_at: expect.any(String),
      metrics: { answer_relevance_mean: expect.any(Number), binary_correctness_mean: expect.any(Number) },
    });
    // Deterministic: another evaluation of the same model on the same benchmark scores the same.
    const again = await create({ model_id: modelId, benchmark_id: benchmarkId });
    t.advance(3_000);
    expect((await t.json(`/api/v3/evaluations/${again.evaluation_id}/results`)).metrics).toEqual(results.metrics);
  });

  it("compares two models by position, the aligned model scoring above its base", async () => {
    t = await startSandbox();
    const { benchmarkId, modelId } = await prepare();
    const { evaluation_id: id } = await create({
      model_id: BASE,
      model_id_2: modelId,
      benchmark_id: benchmarkId,
      custom_metrics: ["tone_politeness"],
    });
    t.advance(3_000);
    const results = await t.json(`/api/v3/evaluations/${id}/results`);
    expect(results).toMatchObject({
      method: "eval-compare",
      model_id: BASE,
      model_id_2: modelId,
      base_model: { model_id: BASE },
      eval_model: { model_id: modelId },
    });
    const base = results.base_model.metrics;
    const aligned = results.eval_model.metrics;
    expect(Object.keys(base)).toEqual(["answer_relevance_mean", "binary_correctness_mean", "tone_politeness_mean"]);
    expect(aligned.answer_relevance_mean).toBeGreaterThan(base.answer_relevance_mean);
    expect(aligned.binary_correctness_mean).toBeGreaterThanOrEqual(base.binary_correctness_mean);
    const relevance = results.comparison.metrics.find((entry: any) => entry.metric === "answer_relevance_mean");
    expect(relevance).toEqual({
      metric: "answer_relevance_mean",
      base: base.answer_relevance_mean,
      evaluated: aligned.answer_relevance_mean,
      "improvement_%":
        Math.round(
          ((aligned.answer_relevance_mean - base.answer_relevance_mean) / base.answer_relevance_mean) * 10_000,
        ) / 100,
    });
    expect(results.comparison.summary).toMatch(/^The evaluated model improved on \d of 3 metrics\.$/);
  });

  it("downloads the results with every answer as a JSON attachment", async () => {
    t = await startSandbox();
    const { benchmarkId, modelId } = await prepare();
    const { evaluation_id: id } = await create({ model_id: modelId, benchmark_id: benchmarkId });
    t.advance(3_000);
    const response = await t.call(`/api/v3/evaluations/${id}/download`);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="evaluation_${id}.json"`);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const download = await response.json();
    const questions = (await t.json(`/api/v3/benchmark/${benchmarkId}/data`)).questions;
    expect(download.raw_answers).toHaveLength(4);
    for (const [index, answer] of download.raw_answers.entries()) {
      expect(answer).toEqual({
        question_num: questions[index].question_num,
        question: questions[index].question,
        answer: questions[index].answer,
        model_answer: expect.any(String),
        scores: { answer_relevance: expect.any(Number), binary_correctness: expect.any(Number) },
      });
    }
    // The metrics are the means of the scores downloaded.
    const correct = download.raw_answers.filter((answer: any) => answer.scores.binary_correctness === 1).length;
    expect(download.metrics.binary_correctness_mean).toBe(correct / 4);
    const { raw_answers: _, ...results } = download;
    expect(results).toEqual(await t.json(`/api/v3/evaluations/${id}/results`));
  });

  it("starts the project's own evaluation when it is READY: its model against the base model", async () => {
    t = await startSandbox();
    const { projectId, modelId, projectEvaluation, benchmarkId } = await prepare();
    expect(projectEvaluation).toMatch(/^eval_/);
    expect(await t.json(`/api/v3/evaluations/${projectEvaluation}/status`)).toMatchObject({
      status: "PROCESSING",
      benchmark_id: benchmarkId,
    });
    const listed = await t.json(`/api/v3/evaluations?model_id=${encodeURIComponent(modelId)}`);
    expect(listed.evaluations).toEqual([
      expect.objectContaining({ evaluation_id: projectEvaluation, model_id: BASE, model_id_2: modelId }),
    ]);
    expect((await t.json(`/api/v3/alignment-project/${projectId}`)).performance_metrics).toBeNull();

    t.advance(3_000);
    const project = await t.json(`/api/v3/alignment-project/${projectId}`);
    expect(project).toMatchObject({ status: "READY", evaluation_id: projectEvaluation, model_id: modelId });
    const metrics = project.performance_metrics;
    expect(metrics).toEqual({
      accuracy_before: expect.any(Number),
      accuracy_after: expect.any(Number),
      uncertainty_before: expect.any(Number),
      uncertainty_after: expect.any(Number),
    });
    expect(metrics.accuracy_after).toBeGreaterThanOrEqual(metrics.accuracy_before);
    expect(metrics.uncertainty_after).toBeLessThan(metrics.uncertainty_before);
    const model = (await t.json("/api/v3/models/aligned")).domain_aligned_models.find(
      (entry: any) => entry.id === modelId,
    );
    expect(model.evaluation_data).toMatchObject({
      evaluation_id: projectEvaluation,
      status: "READY",
      raw_answers_count: 4,
      metrics: { accuracy: metrics.accuracy_after },
    });
  });

  it("pages the list newest first, with filters and the total", async () => {
    t = await startSandbox();
    const { benchmarkId, modelId } = await prepare();
    t.advance(3_000); // the project's own evaluation is READY
    const made: string[] = [];
    for (let index = 0; index < 5; index++) {
      made.push((await create({ model_id: index % 2 ? BASE : modelId, benchmark_id: benchmarkId })).evaluation_id);
      t.advance(100);
    }
    const page = await t.json("/api/v3/evaluations?limit=2&offset=1");
    expect(page).toMatchObject({ user_id: expect.any(String), total: 6, limit: 2, offset: 1 });
    expect(page.evaluations.map((entry: any) => entry.evaluation_id)).toEqual([made[3], made[2]]);
    expect((await t.json("/api/v3/evaluations?limit=2&offset=4")).evaluations).toHaveLength(2);
    expect((await t.json("/api/v3/evaluations")).limit).toBe(10);
    expect((await t.json("/api/v3/evaluations?status=ready")).total).toBe(1);
    expect((await t.json("/api/v3/evaluations?status=PROCESSING")).total).toBe(5);
    expect((await t.json(`/api/v3/evaluations?model_id=${BASE}`)).total).toBe(3);

    const tooMany = await t.call("/api/v3/evaluations?limit=101");
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toEqual({
      detail: [{ loc: ["query", "limit"], msg: "Input should be less than or equal to 100", type: "less_than_equal" }],
    });
    expect(await (await t.call("/api/v3/evaluations?limit=ten")).json()).toEqual({
      detail: [
        {
          loc: ["query", "limit"],
          msg: "Input should be a valid integer, unable to parse string as an integer",
          type: "int_parsing",
        },
      ],
    });
  });

  it("deletes an evaluation, and refuses unknown models and unready benchmarks", async () => {
    t = await startSandbox();
    const { benchmarkId, modelId, documentId } = await prepare();
    const { evaluation_id: id } = await create({ model_id: modelId, benchmark_id: benchmarkId });
    expect(await t.json(`/api/v3/evaluations/${id}`, { method: "DELETE" })).toEqual({
      id,
      message: "Evaluation deleted successfully",
    });
    expect((await t.call(`/api/v3/evaluations/${id}/status`)).status).toBe(404);

    const unknown = await t.call("/api/v3/evaluations", {
      method: "POST",
      body: JSON.stringify({ model_id: "-nope", benchmark_id: benchmarkId }),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ detail: { message: "Model not found", model_id: "-nope" } });
    const processing = (
      await t.json("/api/v3/benchmark/create", {
        method: "POST",
        body: JSON.stringify({ documents: [documentId], num_questions: 2 }),
      })
    ).benchmark_id;
    const early = await t.call("/api/v3/evaluations", {
      method: "POST",
      body: JSON.stringify({ model_id: BASE, benchmark_id: processing }),
    });
    expect(early.status).toBe(400);
  });

  it("fails an evaluation whose custom metrics ask to, and says so instead of results", async () => {
    t = await startSandbox();
    const { benchmarkId } = await prepare();
    const { evaluation_id: id } = await create({
      model_id: BASE,
      benchmark_id: benchmarkId,
      custom_metrics: ["[fail]"],
    });
    t.advance(3_000);
    expect(await t.json(`/api/v3/evaluations/${id}/status`)).toMatchObject({
      status: "FAILED",
      progress: "2/4 questions",
    });
    expect(await (await t.call(`/api/v3/evaluations/${id}/results`)).json()).toEqual({
      detail: { evaluation_id: id, message: expect.stringMatching(/^Evaluation failed: /) },
    });
  });
});
