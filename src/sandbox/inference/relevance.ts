/**
 * Reranking: documents scored against the query with MiniSearch's BM25 and how many of the
 * query's terms each holds, so the document that answers the query comes first. Scores are
 * 0 to 1; a document that shares no term with the query scores 0.
 */
import type { components } from "../../../generated/openapi.js";
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

/** Methods that rerank in two stages: the second sees only the first stage's best candidates. */
const TWO_STAGE_METHODS = ["standard", "optimal"];

/** A rerank request answered: the documents by relevance, best first (ties in their order). */
export function reranked(request: components["schemas"]["RerankRequest"]): components["schemas"]["RerankResponse"] {
  const method = request.method ?? "fast";
  const twoStage = TWO_STAGE_METHODS.includes(method);
  const stage1TopK = request.stage1_top_k ?? 100;
  // Documents are truncated to max_tokens_per_doc words before scoring.
  const limit = request.max_tokens_per_doc ?? 512;
  const texts = request.documents.map((document) => documentText(document).split(/\s+/).slice(0, limit).join(" "));
  const scores = relevanceScores(request.query, texts);
  let ranked = texts.map((_text, index) => index).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  if (twoStage) ranked = ranked.slice(0, stage1TopK);
  return {
    results: ranked.slice(0, request.top_n ?? ranked.length).map((index) => ({
      index,
      relevance_score: scores[index] ?? 0,
      ...(request.return_documents ? { document: request.documents[index] } : {}),
    })),
    meta: {
      method,
      model: request.model,
      ...(twoStage ? { model_cross: request.model_cross, stage1_top_k: stage1TopK } : {}),
      documents: texts.length,
    },
  };
}
