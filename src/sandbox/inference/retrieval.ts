/**
 * Retrieval over an aligned model's training documents: each document is cut into passages
 * (sentences, or lines of a table), indexed with MiniSearch, and searched with the question.
 * The index is built on first use and kept per model until its documents change.
 */
import MiniSearch from "minisearch";
import { plainText } from "../lifecycle/questions.js";
import { countTokens, termOf, termsOf, wordsOf } from "./text.js";

export interface Source {
  filename: string;
  text: string;
}

export interface Passage {
  id: number;
  filename: string;
  text: string;
}

export interface Hit extends Passage {
  score: number;
}

export interface Retrieved {
  /** The best passages, best first. */
  hits: Hit[];
  /** Share (0..1) of the question's terms that the best passage holds: what confidence follows. */
  coverage: number;
}

/** Sentences and lines of a document, long enough to say something. */
export function passagesOf(source: Source): string[] {
  return plainText(source.text)
    .split(/(?<=[.!?])\s+|\n+/)
    .map((piece) =>
      piece
        .replace(/\s+/g, " ")
        .replace(/^[\s,:;.-]+|[\s,:;-]+$/g, "")
        .trim(),
    )
    .filter((piece) => countTokens(piece) >= 3 && /\p{L}{2}/u.test(piece))
    .map((piece) => (/[.!?]$/.test(piece) ? piece : `${piece}.`));
}

/** MiniSearch set up with the sandbox's words and terms, for documents of `{id, text}`. */
export function textIndex<T extends { id: number; text: string }>(storeFields: string[] = []): MiniSearch<T> {
  return new MiniSearch<T>({
    fields: ["text"],
    storeFields,
    tokenize: wordsOf,
    processTerm: (term) => termOf(term.toLowerCase()),
    searchOptions: {
      combineWith: "OR",
      // "return" finds "returnable"; a typo in a long word still finds it.
      prefix: (term) => term.length >= 4,
      fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      // Less weight on length than BM25's usual 0.75: a passage is a sentence, and a longer
      // one is not less about its words.
      bm25: { k: 1.2, b: 0.4, d: 0.5 },
    },
  });
}

/** The question's terms that a search result matched, over all its terms. */
export function coverageOf(queryTerms: string[], question: string): number {
  const asked = termsOf(question).length;
  return asked === 0 ? 0 : Math.min(1, new Set(queryTerms).size / asked);
}

export class Retriever {
  private readonly index = textIndex<Passage>(["filename", "text"]);
  readonly filenames: string[];
  /** How many passages the documents were cut into. */
  readonly size: number;

  constructor(sources: Source[]) {
    const passages: Passage[] = [];
    const seen = new Set<string>();
    for (const source of sources) {
      for (const text of passagesOf(source)) {
        if (seen.has(text.toLowerCase())) continue;
        seen.add(text.toLowerCase());
        passages.push({ id: passages.length, filename: source.filename, text });
      }
    }
    this.index.addAll(passages);
    this.filenames = [...new Set(sources.map((source) => source.filename))];
    this.size = passages.length;
  }

  /** The passages that match the query, best first, at most `limit`, each with its relevance (0..1, as reranking scores). */
  search(query: string, limit: number): (Passage & { relevance: number })[] {
    const results = this.index.search(query).sort((a, b) => b.score - a.score || Number(a.id) - Number(b.id));
    const best = results[0]?.score ?? 0;
    return results.slice(0, limit).map((result) => ({
      id: Number(result.id),
      filename: String(result.filename),
      text: String(result.text),
      relevance:
        Math.round((0.6 * coverageOf(result.queryTerms, query) + 0.4 * (result.score / best)) * 10_000) / 10_000,
    }));
  }

  /** Up to `limit` passages that answer the question, the weaker ones only when close to the best. */
  retrieve(question: string, limit = 3): Retrieved {
    const results = this.index.search(question).sort((a, b) => b.score - a.score || Number(a.id) - Number(b.id));
    const best = results[0];
    if (!best) return { hits: [], coverage: 0 };
    const hits = results
      .filter((result) => result.score >= best.score * 0.4)
      .slice(0, limit)
      .map((result) => ({
        id: Number(result.id),
        filename: String(result.filename),
        text: String(result.text),
        score: result.score,
      }));
    return { hits, coverage: coverageOf(best.queryTerms, question) };
  }
}

/** One retriever per model, rebuilt when the model's documents change (one deleted, say). */
export class RetrieverCache {
  private readonly entries = new Map<string, { key: string; retriever: Retriever }>();

  constructor(private readonly capacity = 64) {}

  get(modelId: string, key: string, sources: () => Source[]): Retriever {
    const entry = this.entries.get(modelId);
    if (entry?.key === key) return entry.retriever;
    const retriever = new Retriever(sources());
    this.entries.delete(modelId);
    this.entries.set(modelId, { key, retriever });
    // The oldest model's index goes first: it is rebuilt if that model is asked again.
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return retriever;
  }
}
