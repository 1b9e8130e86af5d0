/**
 * Reranking: documents scored against the query with MiniSearch's BM25 and how many of the
 * query's terms each holds, so the document that answers the query comes first. Scores are
 * 0 to 1; a document that shares no term with the query scores 0.
 */
import { coverageOf, textIndex } from "./retrieval.js";
import { round } from "./text.js";

/** Each text's relevance to the query, in the texts' order. */
export function relevanceScores(query: string, texts: string[]): number[] {
  const index = textIndex<{ id: number; text: string }>();
  index.addAll(texts.map((text, id) => ({ id, text })));
  const results = index.search(query);
  const best = Math.max(0, ...results.map((result) => result.score));
  const scores = texts.map(() => 0);
  for (const result of results) {
    scores[Number(result.id)] = round(0.6 * coverageOf(result.queryTerms, query) + 0.4 * (result.score / best), 4);
  }
  return scores;
}

/** The text a document is scored on: a string itself, an object's `text` (or `content`), else its JSON. */
export function documentText(document: unknown): string {
  if (typeof document === "string") return document;
  const record = document as Record<string, unknown>;
  for (const field of ["text", "content"]) if (typeof record?.[field] === "string") return record[field] as string;
  return JSON.stringify(document);
}
