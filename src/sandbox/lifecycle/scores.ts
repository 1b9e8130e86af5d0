/**
 * A judge's scores, made up but earned: each answer is scored on how much of the reference
 * answer it says (the share of the reference's terms it holds). An aligned model answers from
 * its documents (see inference/answers.ts), so on a benchmark made from those documents it
 * scores above its base model, which has none; a model asked about documents it was not
 * aligned on scores as a base model does. The same answer to the same question always
 * scores the same.
 */
import { hashOf, termsOf } from "../inference/text.js";
import type { Question } from "./questions.js";

export const STANDARD_METRICS = ["answer_relevance", "binary_correctness"] as const;
/** The share of the reference's terms an answer must hold to be judged correct. */
const CORRECT_AT = 0.6;

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const clamp = (value: number) => Math.min(1, Math.max(0, value));
/** A stable number in [-0.5, 0.5) per metric and question, the same for every model. */
const jitterOf = (metric: string, key: string) => hashOf(`${metric}:${key}`) / 2 ** 32 - 0.5;

export type Scores = Record<string, number>;

/** The share (0..1) of the reference answer's terms that the answer holds. */
export function recallOf(answer: string, reference: string): number {
  const expected = termsOf(reference);
  if (expected.length === 0) return 0;
  const said = new Set(termsOf(answer));
  return expected.filter((term) => said.has(term)).length / expected.length;
}

/** One answer's scores, per metric (standard ones first, then the custom ones). */
export function judge(answer: string, question: Question, benchmarkId: string, customMetrics: string[]): Scores {
  const key = `${benchmarkId}:${question.question_num}`;
  const recall = recallOf(answer, question.answer);
  const scores: Scores = {
    answer_relevance: round(clamp(0.35 + recall * 0.6 + jitterOf("relevance", key) * 0.06), 2),
    binary_correctness: recall >= CORRECT_AT ? 1 : 0,
  };
  for (const metric of customMetrics)
    scores[metric] = round(clamp(0.3 + recall * 0.6 + jitterOf(metric, key) * 0.2), 2);
  return scores;
}

/** `<metric>_mean` over the answers, as the results report them. */
export function meansOf(answers: Scores[]): Scores {
  const metrics: Scores = {};
  const names = [...new Set(answers.flatMap((answer) => Object.keys(answer)))];
  for (const name of names) {
    const values = answers.map((answer) => answer[name] ?? 0);
    metrics[`${name}_mean`] =
      values.length === 0 ? 0 : round(values.reduce((sum, value) => sum + value, 0) / values.length, 4);
  }
  return metrics;
}
