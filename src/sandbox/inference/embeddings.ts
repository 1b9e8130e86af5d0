/**
 * Embeddings: each term of a text draws a fixed random direction (a PRNG seeded with the
 * term's hash), and a text's vector is the sum of its terms' directions. The same text
 * always gives the same vector, texts that share words point alike, a shorter vector is the
 * start of the longer one (as with models that shorten them), and, as the live API's, the
 * vectors are not unit length.
 */
import { hashOf, round, seededRandom, stem, wordsOf } from "./text.js";

/** Keeps the vectors' lengths around 1, varying with the text, never exactly 1. */
const SCALE = 0.04;

export function embed(text: string, dimensions: number): number[] {
  const words = wordsOf(text).map(stem);
  // A text without words (punctuation only) still gets a vector of its own.
  const features = words.length > 0 ? words : [text];
  const vector = new Float64Array(dimensions);
  for (const feature of features) {
    const random = seededRandom(hashOf(feature));
    for (let index = 0; index < dimensions; index++) vector[index] = (vector[index] ?? 0) + random() * 2 - 1;
  }
  const weight = (SCALE / Math.sqrt(features.length)) * Math.sqrt(3);
  return Array.from(vector, (value) => round(value * weight, 6));
}
