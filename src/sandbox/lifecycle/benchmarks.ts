/**
 * Benchmarks: generated ones are PROCESSING for `benchmarkMs`, then READY (or FAILED when
 * the documents held no usable sentence); uploaded ones are READY at once (lists say
 * UPLOADED, as the live API's do). Questions are made when the benchmark is created and
 * shown once it is ready.
 */
import type { components } from "../../../generated/openapi.js";
import { isoWithoutZone } from "../clock.js";
import type { Creation } from "./creation.js";
import { generateQuestions, type Question, type Source } from "./questions.js";
import { endsAt, shareDone, type Timing } from "./timing.js";

type Schemas = components["schemas"];

export interface BenchmarkRecord {
  id: string;
  name: string;
  description: string | null;
  origin: "generated" | "uploaded";
  documentIds: string[];
  /** Questions asked for (generated benchmarks). */
  requested: number | null;
  questions: Question[];
  /** Why generation fails, decided when it starts. */
  error: string | null;
  /** The uploaded file's name (uploads through the 2026-09 route). */
  originalFilename?: string;
  /** Sandbox clock time of creation, in ms. */
  createdAt: number;
}

/** How each generation's benchmark file names an item's fields. */
const FILE_FIELDS = {
  "2026-07": {
    number: "question_num",
    question: "question",
    answer: "answer",
    noun: "questions",
    needs: 'a "question" and an "answer" string',
  },
  "2026-09": {
    number: "sample_num",
    question: "instruction",
    answer: "response",
    noun: "samples",
    needs: 'an "instruction" and a "response" string',
  },
} as const;

/** The questions of an uploaded file, or why they cannot be read. */
export function questionsOfFile(text: string, generation: BenchmarkFileGeneration): Question[] | string {
  const fields = FILE_FIELDS[generation];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "the file is not valid JSON";
  }
  if (!Array.isArray(parsed))
    return `the file must hold a JSON array of {${fields.number}, ${fields.question}, ${fields.answer}} objects`;
  if (parsed.length === 0) return `the file holds no ${fields.noun}`;
  const questions: Question[] = [];
  for (const [index, item] of parsed.entries()) {
    const entry = item as Record<string, unknown> | null;
    const question = entry?.[fields.question];
    const answer = entry?.[fields.answer];
    if (typeof question !== "string" || typeof answer !== "string" || !question.trim()) {
      return `item ${index + 1} needs ${fields.needs}`;
    }
    // The server numbers items without a number in file order.
    const number = Number.isInteger(entry?.[fields.number]) ? (entry?.[fields.number] as number) : index + 1;
    questions.push({ question_num: number, question, answer, image_url: null });
  }
  return questions;
}

export type BenchmarkFileGeneration = keyof typeof FILE_FIELDS;

/** A benchmark generated now from the documents' text; it fails when they hold no usable sentence. */
export function generatedBenchmark(
  documents: Source[],
  asked: { documentIds: string[]; count: number; name: string | undefined },
  creation: Creation,
): BenchmarkRecord {
  const questions = generateQuestions(documents, asked.count);
  const names = documents.map((document) => document.filename).join(", ");
  return {
    id: creation.newId("benchmark_"),
    name: asked.name ?? `Benchmark from ${names.length > 80 ? `${names.slice(0, 77)}...` : names}`,
    description: null,
    origin: "generated",
    documentIds: asked.documentIds,
    requested: asked.count,
    questions,
    error: questions.length === 0 ? "No questions could be generated: the documents hold no usable sentences." : null,
    createdAt: creation.now(),
  };
}

/** A benchmark uploaded now, READY at once; `originalFilename` for an upload through the 2026-09 route. */
export function uploadedBenchmark(
  questions: Question[],
  details: Pick<BenchmarkRecord, "name" | "description" | "documentIds">,
  originalFilename: string | undefined,
  creation: Creation,
): BenchmarkRecord {
  return {
    id: creation.newId("benchmark_"),
    ...details,
    origin: "uploaded",
    requested: null,
    questions,
    error: null,
    createdAt: creation.now(),
    ...(originalFilename === undefined ? {} : { originalFilename }),
  };
}

export function benchmarkState(
  record: BenchmarkRecord,
  now: number,
  timing: Timing,
): { status: "PROCESSING" | "READY" | "FAILED"; endedAt: number | null } {
  if (record.origin === "uploaded") return { status: "READY", endedAt: record.createdAt };
  if (shareDone(record.createdAt, timing.benchmarkMs, now, timing) < 1) return { status: "PROCESSING", endedAt: null };
  return { status: record.error ? "FAILED" : "READY", endedAt: endsAt(record.createdAt, timing.benchmarkMs, timing) };
}

export function benchmarkStatus(
  record: BenchmarkRecord,
  now: number,
  timing: Timing,
): Schemas["BenchmarkStatusResponse"] {
  const { status, endedAt } = benchmarkState(record, now, timing);
  return {
    benchmark_id: record.id,
    benchmark_name: record.name,
    status,
    start_time: isoWithoutZone(record.createdAt),
    end_time: endedAt === null ? null : isoWithoutZone(endedAt),
  };
}

export function benchmarkData(record: BenchmarkRecord, now: number, timing: Timing): Schemas["BenchmarkData"] {
  const { status, endedAt } = benchmarkState(record, now, timing);
  const questions = status === "READY" ? record.questions.map((question) => ({ ...question })) : [];
  return {
    benchmark_id: record.id,
    benchmark_name: record.name,
    status,
    num_questions: status === "READY" ? questions.length : (record.requested ?? 0),
    questions,
    document_ids: [...record.documentIds],
    created_at: isoWithoutZone(record.createdAt),
    updated_at: endedAt === null ? null : isoWithoutZone(endedAt),
    source: "database",
    s3_key: null,
    s3_url: null,
    metadata: {
      origin: record.origin,
      generator: record.origin === "generated" ? "sandbox" : null,
      num_questions_requested: record.requested,
      description: record.description,
    },
    error: status === "FAILED" ? record.error : null,
  };
}

export function benchmarkSummary(record: BenchmarkRecord, now: number, timing: Timing): Schemas["BenchmarkSummary"] {
  const { status, endedAt } = benchmarkState(record, now, timing);
  return {
    benchmark_id: record.id,
    benchmark_name: record.name,
    status: record.origin === "uploaded" ? "UPLOADED" : status,
    documents: [...record.documentIds],
    num_questions: status === "READY" ? record.questions.length : record.requested,
    created_at: isoWithoutZone(record.createdAt),
    updated_at: endedAt === null ? null : isoWithoutZone(endedAt),
  };
}

export function benchmarkStatus2609(
  record: BenchmarkRecord,
  now: number,
  timing: Timing,
): Schemas["BenchmarkStatusResponse2609"] {
  const { status } = benchmarkState(record, now, timing);
  return status === "FAILED"
    ? { benchmark_id: record.id, status, error: record.error }
    : { benchmark_id: record.id, status };
}

/** The 2026-09 data: samples (`instruction`, `response`), no status, name or counts. */
export function benchmarkData2609(record: BenchmarkRecord, now: number, timing: Timing): Schemas["BenchmarkData2609"] {
  const { status } = benchmarkState(record, now, timing);
  const samples = status === "READY" ? record.questions.map(sampleOf) : [];
  return {
    benchmark_id: record.id,
    s3_key: null,
    s3_url: null,
    document_ids: [...record.documentIds],
    samples,
    metadata: {
      type: record.origin,
      name: record.name,
      description: record.description,
      original_filename: record.originalFilename ?? null,
    },
    error: status === "FAILED" ? record.error : null,
  };
}

export function sampleOf(question: Question): Schemas["BenchmarkSample"] {
  return {
    sample_num: question.question_num,
    instruction: question.question,
    response: question.answer,
    image_url: question.image_url,
  };
}
