/**
 * Evaluations: questions are answered and scored evenly over `evaluationMs`, then the
 * evaluation is READY and its results can be read. One whose custom metrics include
 * "[fail]" fails halfway; one on a benchmark without questions fails at once. Each model's
 * answers are those it gives when the evaluation is created (see World.answersOf), and the
 * judge scores them against the reference answers (see scores.ts).
 *
 *   PROCESSING ("3/10 questions") → READY | FAILED; the 2026-09 detail route says CREATED
 *   until the first question is scored
 */
import type { components } from "../../../generated/openapi.js";
import { isoWithoutZone } from "../clock.js";
import type { Creation } from "./creation.js";
import type { Question } from "./questions.js";
import { judge, meansOf, type Scores } from "./scores.js";
import { endsAt, FAIL_MARKER, shareDone, type Timing } from "./timing.js";

type Schemas = components["schemas"];

export interface EvaluationRecord {
  id: string;
  modelId: string;
  modelId2: string | null;
  benchmarkId: string;
  customMetrics: string[];
  judgeProvider: string;
  /** Sandbox clock time it starts: when created, or when its alignment project is ready. */
  startsAt: number;
  /** The project that started it by itself, if one did. */
  alignmentId: string | null;
  /** Set for one created through the 2026-09 route or by a 2026-09 project. */
  generation?: "2026-09";
  /** Its `evaluation_name` (2026-09). */
  name?: string | null;
  /**
   * Each model's answer to each question of the benchmark, in order, given when the
   * evaluation was created, so its scores never change. Files of older sandboxes have none
   * (they kept a `skills` figure instead): those are answered when read.
   */
  answers?: Record<string, string[]>;
}

/** Each model's answers to the evaluation's questions, by model id. */
export type Answers = Record<string, string[]>;

/** What a new evaluation needs; the World adds its id and its models' answers. */
export type NewEvaluation = Omit<EvaluationRecord, "id" | "answers" | "customMetrics" | "judgeProvider"> &
  Partial<Pick<EvaluationRecord, "customMetrics" | "judgeProvider">>;

/** A new evaluation with the answers its models gave; its id says its generation, as the live ones do. */
export function evaluationOf(fields: NewEvaluation, answers: Answers, creation: Creation): EvaluationRecord {
  return {
    id: creation.newId(fields.generation === "2026-09" ? "evaluation_" : "eval_"),
    customMetrics: [],
    judgeProvider: "anthropic",
    ...fields,
    answers,
  };
}

/** A custom metric's name: the reference leaves their shape open; names are the common form. */
function metricName(metric: unknown, index: number): string {
  if (typeof metric === "string") return metric;
  const named = metric as { name?: unknown; metric?: unknown } | null;
  const name = named?.name ?? named?.metric;
  return typeof name === "string" ? name : `custom_metric_${index + 1}`;
}

/** What a 2026-07 request asks for, starting at `now`. */
export function evaluationRequest(body: Schemas["CreateEvaluationRequest"], now: number): NewEvaluation {
  return {
    modelId: body.model_id,
    modelId2: body.model_id_2 ?? null,
    benchmarkId: body.benchmark_id,
    customMetrics: (body.custom_metrics ?? []).map(metricName),
    judgeProvider: body.judge_provider ?? "anthropic",
    startsAt: now,
    alignmentId: null,
  };
}

/** What a 2026-09 request asks for, starting at `now`: its baseline is the second model. */
export function evaluationRequest2609(body: Schemas["CreateEvaluationRequest2609"], now: number): NewEvaluation {
  return {
    modelId: body.model_id,
    modelId2: body.baseline_model_id ?? null,
    benchmarkId: body.benchmark_id,
    startsAt: now,
    alignmentId: null,
    generation: "2026-09",
    name: body.evaluation_name ?? null,
  };
}

export interface EvaluationState {
  status: "PROCESSING" | "READY" | "FAILED";
  completed: number;
  total: number;
  endedAt: number | null;
  error: string | null;
}

const FAIL_AT = 0.5;

export function evaluationState(
  record: EvaluationRecord,
  questions: Question[],
  now: number,
  timing: Timing,
): EvaluationState {
  const total = questions.length;
  if (total === 0)
    return {
      status: "FAILED",
      completed: 0,
      total,
      endedAt: record.startsAt,
      error: "The benchmark has no questions to evaluate on.",
    };
  const done = shareDone(record.startsAt, timing.evaluationMs, now, timing);
  if (record.customMetrics.some((metric) => metric.toLowerCase().includes(FAIL_MARKER)) && done >= FAIL_AT) {
    const error = `The judge could not score the answers (sandbox: a custom metric asked to fail with ${FAIL_MARKER}).`;
    return {
      status: "FAILED",
      completed: Math.floor(FAIL_AT * total),
      total,
      endedAt: endsAt(record.startsAt, timing.evaluationMs * FAIL_AT, timing),
      error,
    };
  }
  if (done < 1) return { status: "PROCESSING", completed: Math.floor(done * total), total, endedAt: null, error: null };
  return {
    status: "READY",
    completed: total,
    total,
    endedAt: endsAt(record.startsAt, timing.evaluationMs, timing),
    error: null,
  };
}

export function evaluationStatus(
  record: EvaluationRecord,
  state: EvaluationState,
  timing: Timing,
): Schemas["EvaluationStatusResponse"] {
  const perQuestion = state.total > 0 ? timing.evaluationMs / 1000 / state.total : 0;
  return {
    evaluation_id: record.id,
    status: state.status,
    benchmark_id: record.benchmarkId,
    progress: `${state.completed}/${state.total} questions`,
    questions_completed: state.completed,
    total_questions: state.total,
    avg_time_per_question: Math.round(perQuestion * 100) / 100,
    eta_seconds:
      state.status === "PROCESSING" ? Math.round((state.total - state.completed) * perQuestion * 100) / 100 : null,
    start_time: isoWithoutZone(record.startsAt),
    end_time: state.endedAt === null ? null : isoWithoutZone(state.endedAt),
    error: state.error,
  };
}

export function evaluationSummary(record: EvaluationRecord, state: EvaluationState): Schemas["EvaluationSummary"] {
  return {
    evaluation_id: record.id,
    model_id: record.modelId,
    model_id_2: record.modelId2,
    benchmark_id: record.benchmarkId,
    status: state.status,
    created_at: isoWithoutZone(record.startsAt),
    completed_at: state.endedAt === null ? null : isoWithoutZone(state.endedAt),
    judge_provider: record.judgeProvider,
  };
}

/** Every answer of one model, scored. */
function scoresOf(modelId: string, record: EvaluationRecord, questions: Question[], answers: Answers): Scores[] {
  return questions.map((question, index) =>
    judge(answers[modelId]?.[index] ?? "", question, record.benchmarkId, record.customMetrics),
  );
}

/** The 2026-09 detail of an evaluation: its progress in samples, CREATED until the first is scored. */
export function evaluation2609(
  record: EvaluationRecord,
  state: EvaluationState,
  timing: Timing,
): Schemas["Evaluation2609"] {
  const perSample = state.total > 0 ? timing.evaluationMs / 1000 / state.total : 0;
  const running = state.status === "PROCESSING";
  const started = record.startsAt;
  return {
    evaluation_id: record.id,
    evaluation_name: record.name ?? null,
    status: running && state.completed === 0 ? "CREATED" : state.status,
    model_id: record.modelId,
    benchmark_id: record.benchmarkId,
    progress: state.total > 0 ? Math.floor((state.completed / state.total) * 100) : 0,
    n_samples_completed: state.completed,
    n_samples: state.total,
    avg_time_per_sample: state.completed > 0 ? Math.round(perSample * 100) / 100 : null,
    eta_seconds: running ? Math.round((state.total - state.completed) * perSample * 100) / 100 : null,
    created_at: isoWithoutZone(started),
    completed_at: state.endedAt === null ? null : isoWithoutZone(state.endedAt),
    updated_at: isoWithoutZone(state.endedAt ?? started),
  };
}

/**
 * The results of a finished evaluation: `metrics` for one model; for two, `base_model` is
 * the first model (`model_id`) and `eval_model` the second (`model_id_2`), by position.
 */
export function evaluationResults(
  record: EvaluationRecord,
  state: EvaluationState,
  questions: Question[],
  answers: Answers,
): Schemas["EvaluationResults"] {
  const common = {
    evaluation_id: record.id,
    model_id: record.modelId,
    benchmark_id: record.benchmarkId,
    status: state.status,
    raw_answers_count: questions.length,
    completed_at: state.endedAt === null ? null : isoWithoutZone(state.endedAt),
  };
  const first = meansOf(scoresOf(record.modelId, record, questions, answers));
  if (!record.modelId2) return { ...common, metrics: first };
  const second = meansOf(scoresOf(record.modelId2, record, questions, answers));
  const metrics = Object.keys(first).map((metric) => {
    const base = first[metric] ?? 0;
    const evaluated = second[metric] ?? 0;
    return {
      metric,
      base,
      evaluated,
      "improvement_%": base === 0 ? null : Math.round(((evaluated - base) / base) * 10_000) / 100,
    };
  });
  const improved = metrics.filter((entry) => entry.evaluated > entry.base).length;
  return {
    ...common,
    method: "eval-compare",
    model_id_2: record.modelId2,
    base_model: { model_id: record.modelId, metrics: first },
    eval_model: { model_id: record.modelId2, metrics: second },
    comparison: { metrics, summary: `The evaluated model improved on ${improved} of ${metrics.length} metrics.` },
  };
}

/** The results with every question, the models' answers and the judge's scores. */
export function evaluationDownload(
  record: EvaluationRecord,
  state: EvaluationState,
  questions: Question[],
  answers: Answers,
): Schemas["EvaluationDownload"] {
  const first = scoresOf(record.modelId, record, questions, answers);
  const second = record.modelId2 ? scoresOf(record.modelId2, record, questions, answers) : undefined;
  const answerOf = (modelId: string, index: number) => answers[modelId]?.[index] ?? "";
  const raw_answers = questions.map((question, index) => {
    const scores = first[index] ?? {};
    const entry: Record<string, unknown> = {
      question_num: question.question_num,
      question: question.question,
      answer: question.answer,
      model_answer: answerOf(record.modelId, index),
      scores,
    };
    const scores2 = second?.[index];
    if (scores2 && record.modelId2)
      Object.assign(entry, {
        model_id_2: record.modelId2,
        model_answer_2: answerOf(record.modelId2, index),
        scores_2: scores2,
      });
    return entry;
  });
  return { ...evaluationResults(record, state, questions, answers), raw_answers };
}
