/**
 * Words for inference: tokens are whitespace-separated words (what max_tokens and usage
 * count), and terms are the words retrieval and embeddings compare, folded so that
 * "Refunds" and "refunded" meet.
 */

/** The pieces of a text as it is streamed: each word with the whitespace before it, so they join back to the text. */
export function tokensOf(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

/** Whitespace-separated words: the sandbox's token count. */
export function countTokens(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

const STOPWORDS = new Set(
  "a an and any are as at be been but by can could did do does for from had has have how i if in into is it its may me my no not of on or our should so than that the their them then there these they this those to us was we were what when where which while who why will with would you your".split(
    " ",
  ),
);

/** Lower-cased words, letters and digits, in order. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** A word without its common English endings: enough for "returns", "returned" and "returning" to meet. */
export function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
  }
  return word;
}

/** A word as retrieval compares it, or null for a word that says nothing (stopwords). */
export function termOf(word: string): string | null {
  return STOPWORDS.has(word) ? null : stem(word);
}

/** The distinct terms of a text, in order. */
export function termsOf(text: string): string[] {
  const terms = wordsOf(text).flatMap((word) => termOf(word) ?? []);
  return [...new Set(terms)];
}

/** What a question is about, in its own words: its first few content words. */
export function topicOf(question: string): string {
  const words = [...new Set(wordsOf(question).filter((word) => !STOPWORDS.has(word) && word.length > 2))].slice(0, 5);
  return words.length > 0 ? words.join(" ") : "your question";
}

/** A stable 32-bit hash of a text (FNV-1a). */
export function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return hash;
}

/** A seeded generator of numbers in [0, 1) (mulberry32): the same seed, the same numbers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 2 ** 32;
  };
}

export const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
