/**
 * What a model says, deterministically: an aligned model answers with the passages of its
 * training documents that best match the question (so a demo shows the domain's words) and
 * a confidence that follows how much of the question they cover; a base model has no domain
 * documents and says so, naming the question's topic.
 */
import { type EngineRecord, unreadSources } from "../lifecycle/answer-engines.js";
import type { Hit, Retriever } from "./retrieval.js";
import { hashOf, round, topicOf } from "./text.js";

export interface Answer {
  text: string;
  /** 0–100, aligned models only. */
  confidence: number | null;
}

/** A confidence from 0 to 100: 35 with nothing found, up to 95 when the best passage holds every term, ±2 per question. */
function confidenceOf(coverage: number, found: boolean, seed: string): number {
  const jitter = (hashOf(seed) / 2 ** 32 - 0.5) * 4;
  const base = found ? 35 + 60 * coverage : 15;
  return round(Math.min(100, Math.max(0, base + jitter)), 1);
}

const listed = (names: string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");

export function alignedAnswer(modelId: string, retriever: Retriever, question: string): Answer {
  const seed = `${modelId}\n${question}`;
  const topic = topicOf(question);
  if (retriever.filenames.length === 0) {
    return {
      text: `The documents I was aligned on are no longer available, so I cannot say anything about ${topic} from them.`,
      confidence: confidenceOf(0, false, seed),
    };
  }
  const { hits, coverage } = retriever.retrieve(question);
  if (hits.length === 0) {
    return {
      text: `The documents I was aligned on (${listed(retriever.filenames)}) say nothing about ${topic}.`,
      confidence: confidenceOf(0, false, seed),
    };
  }
  return { text: passagesAnswer(hits), confidence: confidenceOf(coverage, true, seed) };
}

/** Passages quoted by document, in the order of their best passage: "According to a.md: ... And b.md: ...". */
export function passagesAnswer(hits: Hit[]): string {
  const byFile = new Map<string, string[]>();
  for (const hit of hits) byFile.set(hit.filename, [...(byFile.get(hit.filename) ?? []), hit.text]);
  return [...byFile]
    .map(([filename, texts], index) => `${index === 0 ? "According to" : "And"} ${filename}: ${texts.join(" ")}`)
    .join(" ");
}

export function baseAnswer(modelId: string, question: string): Answer {
  return {
    text: `I am ${modelId}, a general model without domain documents, so I can only answer in general terms about ${topicOf(question)}. Align me on your documents to get answers from them.`,
    confidence: null,
  };
}

/** What an answer engine says: the passages found, or that its documents (or it, having none) say nothing of the question. */
export function engineAnswer(engine: EngineRecord, retriever: Retriever, hits: Hit[], question: string): string {
  const topic = topicOf(question);
  if (engine.files.length === 0)
    return `This engine has no indexed documents, so it cannot say anything about ${topic}. ${unreadSources(engine) ?? ""}`.trim();
  return hits.length > 0
    ? passagesAnswer(hits)
    : `The engine's documents (${retriever.filenames.join(", ")}) say nothing about ${topic}.`;
}
