/** Benchmarks: generated from documents' text, or uploaded as a JSON file of questions. */
import { type BenchmarkRecord, benchmarkData, benchmarkStatus, benchmarkSummary } from "../lifecycle/benchmarks.js";
import { type Question, generateQuestions } from "../lifecycle/questions.js";
import { Refusal, type Router, filesOf, refuse } from "../routing.js";
import type { World } from "../world.js";

const notFound = (id: string) => refuse(404, { message: "Benchmark not found", benchmark_id: id });

/** 400 when a document is missing or not processed, as the live API refuses them. */
function documentsProblem(world: World, ids: string[]) {
  const { unknown, notReady } = world.unusableDocuments(ids);
  if (unknown.length > 0) return refuse(400, `Documents not found or not accessible: ${unknown.join(", ")}`);
  if (notReady.length > 0) return refuse(400, `Documents not processed yet: ${notReady.join(", ")}. Wait until GET /api/v3/documents/{id} says READY.`);
  return undefined;
}

/** The questions of an uploaded file, or why they cannot be read. */
function parseQuestions(text: string): Question[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "the file is not valid JSON";
  }
  if (!Array.isArray(parsed)) return "the file must hold a JSON array of {question_num, question, answer} objects";
  if (parsed.length === 0) return "the file holds no questions";
  const questions: Question[] = [];
  for (const [index, item] of parsed.entries()) {
    const entry = item as Record<string, unknown> | null;
    if (typeof entry?.question !== "string" || typeof entry.answer !== "string" || !entry.question.trim()) {
      return `item ${index + 1} needs a "question" and an "answer" string`;
    }
    const number = Number.isInteger(entry.question_num) ? (entry.question_num as number) : index + 1;
    questions.push({ question_num: number, question: entry.question, answer: entry.answer, image_url: null });
  }
  return questions;
}

export function benchmarkRoutes(router: Router, world: World): void {
  const { store, timing } = world;

  router.on("createBenchmark", ({ body }) => {
    const ids = [...new Set(body.documents)];
    const problem = documentsProblem(world, ids);
    if (problem) return problem;
    const documents = ids.flatMap((id) => store.documents.get(id) ?? []);
    const questions = generateQuestions(
      documents.map((record) => ({ filename: record.filename, text: world.documentText(record) })),
      body.num_questions,
    );
    const names = documents.map((record) => record.filename).join(", ");
    const record: BenchmarkRecord = {
      id: world.newId("benchmark_"),
      name: `Benchmark from ${names.length > 80 ? `${names.slice(0, 77)}...` : names}`,
      description: null,
      origin: "generated",
      documentIds: ids,
      requested: body.num_questions,
      questions,
      error: questions.length === 0 ? "No questions could be generated: the documents hold no usable sentences." : null,
      createdAt: world.now(),
    };
    store.benchmarks.put(record);
    return { benchmark_id: record.id, status: "PROCESSING" };
  });

  router.on("uploadBenchmark", async ({ body }) => {
    const files = filesOf(body, "file");
    if (files instanceof Refusal) return files;
    const form = body as { name: string; document_id: string; description?: string };
    const problem = documentsProblem(world, [form.document_id]);
    if (problem) return problem;
    const file = files[0];
    const questions = file ? parseQuestions((await file.draft.bytes()).toString("utf8")) : "no file was sent";
    if (typeof questions === "string") return refuse(400, `Invalid benchmark file: ${questions}.`);
    const record: BenchmarkRecord = {
      id: world.newId("benchmark_"),
      name: form.name,
      description: form.description ?? null,
      origin: "uploaded",
      documentIds: [form.document_id],
      requested: null,
      questions,
      error: null,
      createdAt: world.now(),
    };
    store.benchmarks.put(record);
    return { benchmark_id: record.id, status: "READY" };
  });

  router.on("getBenchmarkStatus", ({ path }) => {
    const record = store.benchmarks.get(path.id);
    return record ? benchmarkStatus(record, world.now(), timing) : notFound(path.id);
  });

  router.on("getBenchmarkData", ({ path }) => {
    const record = store.benchmarks.get(path.id);
    return record ? benchmarkData(record, world.now(), timing) : notFound(path.id);
  });

  router.on("listBenchmarks", () => ({ benchmarks: store.benchmarks.all().map((record) => benchmarkSummary(record, world.now(), timing)) }));
}
