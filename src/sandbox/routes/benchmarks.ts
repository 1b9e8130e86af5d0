/**
 * Benchmarks: generated from documents' text, or uploaded as a JSON file of questions
 * (2026-07: `{question, answer}`) or samples (2026-09: `{instruction, response}`). Both
 * generations' routes share one table; a sample is a question under other names.
 */

import type { UploadedFile } from "../bodies.js";
import {
  type BenchmarkFileGeneration,
  type BenchmarkRecord,
  benchmarkData,
  benchmarkData2609,
  benchmarkStatus,
  benchmarkStatus2609,
  benchmarkSummary,
  generatedBenchmark,
  questionsOfFile,
  uploadedBenchmark,
} from "../lifecycle/benchmarks.js";
import { filesOf, Refusal, type Router, refuse } from "../routing.js";
import type { World } from "../world.js";

const notFound = (id: string) => refuse(404, { message: "Benchmark not found", benchmark_id: id });
/** Samples a 2026-09 benchmark gets when `n_samples` is left out. */
const DEFAULT_SAMPLES = 10;

/** 400 when a document is missing or not processed, as the live API refuses them. */
function documentsProblem(world: World, ids: string[]) {
  const { unknown, notReady } = world.unusableDocuments(ids);
  if (unknown.length > 0) return refuse(400, `Documents not found or not accessible: ${unknown.join(", ")}`);
  if (notReady.length > 0)
    return refuse(
      400,
      `Documents not processed yet: ${notReady.join(", ")}. Wait until GET /api/v3/documents/{id} says READY.`,
    );
  return undefined;
}

/** 404 when a document is unknown or not READY, as the 2026-09 API refuses them. */
function documentsProblem2609(world: World, ids: string[]) {
  const { unknown, notReady } = world.unusableDocuments(ids);
  const missing = [...unknown, ...notReady][0];
  return missing === undefined
    ? undefined
    : refuse(404, { message: "Document not found or not ready", document_id: missing });
}

export function benchmarkRoutes(router: Router, world: World): void {
  const { store, timing } = world;

  /** A benchmark generated from the (usable) documents, stored. */
  const generate = (ids: string[], count: number, name: string | undefined) => {
    const documents = ids.flatMap((id) => store.documents.get(id) ?? []);
    const record = generatedBenchmark(
      documents.map((document) => ({ filename: document.filename, text: world.documentText(document) })),
      { documentIds: ids, count, name },
      world,
    );
    store.benchmarks.put(record);
    return record;
  };

  /** An uploaded benchmark from the form's file, stored; or why the file cannot be read. */
  const upload = async (
    file: UploadedFile | undefined,
    generation: BenchmarkFileGeneration,
    details: Pick<BenchmarkRecord, "name" | "description" | "documentIds">,
  ) => {
    const questions = file
      ? questionsOfFile((await file.draft.bytes()).toString("utf8"), generation)
      : "no file was sent";
    if (typeof questions === "string") return refuse(400, `Invalid benchmark file: ${questions}.`);
    const record = uploadedBenchmark(questions, details, generation === "2026-09" ? file?.filename : undefined, world);
    store.benchmarks.put(record);
    return record;
  };

  router.on("createBenchmark", ({ body }) => {
    const ids = [...new Set(body.documents)];
    const problem = documentsProblem(world, ids);
    if (problem) return problem;
    return { benchmark_id: generate(ids, body.num_questions, undefined).id, status: "PROCESSING" };
  });

  router.on("createBenchmark2609", ({ body }) => {
    const ids = [...new Set(body.document_ids)];
    const problem = documentsProblem2609(world, ids);
    if (problem) return problem;
    const record = generate(ids, body.n_samples ?? DEFAULT_SAMPLES, body.benchmark_name ?? undefined);
    return { benchmark_id: record.id, benchmark_name: record.name, status: "PROCESSING", n_samples: record.requested };
  });

  router.on("uploadBenchmark", async ({ body }) => {
    const files = filesOf(body, "file");
    if (files instanceof Refusal) return files;
    const form = body as { name: string; document_id: string; description?: string };
    const problem = documentsProblem(world, [form.document_id]);
    if (problem) return problem;
    const record = await upload(files[0], "2026-07", {
      name: form.name,
      description: form.description ?? null,
      documentIds: [form.document_id],
    });
    return record instanceof Refusal ? record : { benchmark_id: record.id, status: "READY" };
  });

  router.on("uploadBenchmark2609", async ({ body }) => {
    const files = filesOf(body, "file");
    if (files instanceof Refusal) return files;
    const form = body as { benchmark_name: string; document_id: string; description?: string };
    const problem = documentsProblem2609(world, [form.document_id]);
    if (problem) return problem;
    const record = await upload(files[0], "2026-09", {
      name: form.benchmark_name,
      description: form.description ?? null,
      documentIds: [form.document_id],
    });
    if (record instanceof Refusal) return record;
    return {
      benchmark_id: record.id,
      benchmark_name: record.name,
      n_samples: record.questions.length,
      status: "READY",
    };
  });

  router.on("getBenchmarkStatus", ({ path }) => {
    const record = store.benchmarks.get(path.id);
    return record ? benchmarkStatus(record, world.now(), timing) : notFound(path.id);
  });

  router.on("getBenchmarkData", ({ path }) => {
    const record = store.benchmarks.get(path.id);
    return record ? benchmarkData(record, world.now(), timing) : notFound(path.id);
  });

  router.on("getBenchmarkStatus2609", ({ path }) => {
    const record = store.benchmarks.get(path.id);
    return record ? benchmarkStatus2609(record, world.now(), timing) : notFound(path.id);
  });

  router.on("getBenchmarkData2609", ({ path }) => {
    const record = store.benchmarks.get(path.id);
    return record ? benchmarkData2609(record, world.now(), timing) : notFound(path.id);
  });

  router.on("listBenchmarks", () => ({
    benchmarks: store.benchmarks.all().map((record) => benchmarkSummary(record, world.now(), timing)),
  }));
}
