/**
 * A judge's scores, made up but stable: each model has a skill (an aligned model's is its
 * base model's plus a margin, so alignment shows), and each question a difficulty shared by
 * every model, so a more skilled model answers a superset of the questions right and its
 * means are never lower. The same model, benchmark and question always score the same.
 */
import type { Question } from "./questions.js";

export const STANDARD_METRICS = ["answer_relevance", "binary_correctness"] as const;
const ALIGNMENT_GAIN = 0.3;

/** A stable number in [0, 1) for a text (FNV-1a). */
export function unitOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return hash / 2 ** 32;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const clamp = (value: number) => Math.min(1, Math.max(0, value));

/** A model's skill from 0 to 1: base models 0.35–0.6, aligned ones their base's plus 0.3. */
export function skillOf(modelId: string, alignedFrom?: string): number {
  if (alignedFrom !== undefined) return Math.min(0.95, skillOf(alignedFrom) + ALIGNMENT_GAIN);
  return 0.35 + unitOf(`skill:${modelId}`) * 0.25;
}

export type Scores = Record<string, number>;

/** One answer's scores, per metric (standard ones first, then the custom ones). */
export function scoreAnswer(skill: number, benchmarkId: string, question: Question, customMetrics: string[]): Scores {
  const key = `${benchmarkId}:${question.question_num}`;
  const scores: Scores = {
    answer_relevance: round(clamp(0.45 + skill * 0.5 + (unitOf(`relevance:${key}`) - 0.5) * 0.1), 2),
    binary_correctness: unitOf(`difficulty:${key}`) < skill ? 1 : 0,
  };
  for (const metric of customMetrics) scores[metric] = round(clamp(skill + (unitOf(`${metric}:${key}`) - 0.5) * 0.2), 2);
  return scores;
}

/** `<metric>_mean` over the answers, as the results report them. */
export function meansOf(answers: Scores[]): Scores {
  const metrics: Scores = {};
  const names = [...new Set(answers.flatMap((answer) => Object.keys(answer)))];
  for (const name of names) {
    const values = answers.map((answer) => answer[name] ?? 0);
    metrics[`${name}_mean`] = values.length === 0 ? 0 : round(values.reduce((sum, value) => sum + value, 0) / values.length, 4);
  }
  return metrics;
}

export function modelAnswer(question: Question, scores: Scores): string {
  return scores.binary_correctness === 1 ? `According to the documents: ${question.answer}` : "I could not find this in the documents I was trained on.";
}
