/**
 * Benchmark questions made from the documents' own text, so a demo shows the domain's words:
 * the most informative sentences are picked, each becomes a question, and the sentence is
 * kept as the reference answer. Deterministic: the same documents give the same questions.
 */

export interface Question {
  question_num: number;
  question: string;
  answer: string;
  image_url: null;
}

export interface Source {
  filename: string;
  text: string;
}

interface Sentence {
  text: string;
  filename: string;
  order: number;
  score: number;
}

const STOPWORDS = new Set(
  "about above after again against also among and another any are because been before being below between both but can cannot could does doing down during each either every from further have having here however into itself just more most must only other over same should some such than that their theirs them then there these they this those through under until very were what when where which while will with within without would your yours".split(
    " ",
  ),
);
const PRONOUN_START = /^(it|this|that|these|those|they|we|you|he|she|there|here|i)\b/i;
const VERB =
  /\s+(is|are|was|were|can|cannot|must|should|will|may|has|have|includes?|requires?|takes?|covers?|costs?|means?|applies|apply|allows?|lets?|needs?|gets?|receives?|pays?)\b/i;

/** Markup and punctuation of the text formats taken (md, csv, json, xml) out of the way. */
export function plainText(text: string): string {
  return text
    .replace(/<[^>]+>/g, " ")
    .replace(/^\s{0,3}(#{1,6}|[-*+>]|\d+[.)])\s+/gm, "")
    .replace(/[`*_|{}[\]"]/g, " ")
    .replace(/\\n/g, "\n");
}

function contentWords(sentence: string): string[] {
  return (sentence.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []).filter(
    (word) => word.length >= 4 && !STOPWORDS.has(word),
  );
}

function sentencesOf(source: Source, startOrder: number): Sentence[] {
  const pieces = plainText(source.text)
    .split(/(?<=[.!?])\s+|\n+|,(?=\s*\n)/)
    .map((piece) =>
      piece
        .replace(/\s+/g, " ")
        .replace(/^[\s,:;.-]+|[\s,:;-]+$/g, "")
        .trim(),
    );
  return pieces
    .filter((piece) => {
      const words = piece.split(" ").length;
      return words >= 5 && words <= 45 && /\p{L}{3}/u.test(piece) && !/^https?:/i.test(piece);
    })
    .map((piece, index) => {
      const distinct = new Set(contentWords(piece)).size;
      const score = distinct + (/\d/.test(piece) ? 2 : 0) + (/\s\p{Lu}/u.test(piece) ? 1 : 0);
      const text = /[.!?]$/.test(piece) ? piece : `${piece}.`;
      return { text, filename: source.filename, order: startOrder + index, score };
    });
}

/** What the sentence is about: its subject when it has a short one, else its key words. */
function topicOf(sentence: string): string {
  const match = VERB.exec(sentence);
  const subject = match ? sentence.slice(0, match.index).trim() : "";
  const words = subject.split(" ").length;
  if (subject && words <= 7 && !PRONOUN_START.test(subject) && !/[,;:]/.test(subject)) {
    // Lower-case the first letter unless the word is an acronym or a name in capitals.
    return /^\p{Lu}\p{Ll}/u.test(subject) ? subject[0]!.toLowerCase() + subject.slice(1) : subject;
  }
  const keys = [...new Set(contentWords(sentence))].sort((a, b) => b.length - a.length).slice(0, 3);
  return keys.length > 1 ? `${keys.slice(0, -1).join(", ")} and ${keys.at(-1)}` : (keys[0] ?? "this topic");
}

/** The sentence with its most telling word (a figure, else the longest word) blanked out. */
function blanked(sentence: string): string | undefined {
  const figure = /\b\d[\d.,:%]*\b/.exec(sentence);
  if (figure) return `${sentence.slice(0, figure.index)}____${sentence.slice(figure.index + figure[0].length)}`;
  const key = contentWords(sentence).sort((a, b) => b.length - a.length)[0];
  if (!key) return undefined;
  const at = sentence.toLowerCase().indexOf(key);
  return at < 0 ? undefined : `${sentence.slice(0, at)}____${sentence.slice(at + key.length)}`;
}

export function generateQuestions(sources: Source[], count: number): Question[] {
  let order = 0;
  const all: Sentence[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    for (const sentence of sentencesOf(source, order)) {
      if (seen.has(sentence.text.toLowerCase())) continue;
      seen.add(sentence.text.toLowerCase());
      all.push(sentence);
    }
    order += 100_000;
  }
  // The most informative sentences, asked in the order the documents tell them.
  const picked = [...all]
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, count)
    .sort((a, b) => a.order - b.order);
  const made: Omit<Question, "question_num">[] = picked.map((sentence) => ({
    question: `What does ${sentence.filename} say about ${topicOf(sentence.text.slice(0, -1))}?`,
    answer: sentence.text,
    image_url: null,
  }));
  // Fewer sentences than questions asked: ask about the same sentences a second way.
  for (const sentence of picked) {
    if (made.length >= count) break;
    const gap = blanked(sentence.text);
    if (gap)
      made.push({
        question: `Fill in the blank, from ${sentence.filename}: "${gap}"`,
        answer: sentence.text,
        image_url: null,
      });
  }
  return made.map((question, index) => ({ question_num: index + 1, ...question }));
}
