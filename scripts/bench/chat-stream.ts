/**
 * What the inference benchmarks' server sends, shared with the clients that check what they
 * read: a Nugen chat stream's events and an embeddings answer.
 */

/** A TCP segment's payload on an Ethernet path with TCP timestamps (1500 − 20 − 32). */
export const TCP_PIECE = 1448;

/** JSON as Python's json.dumps writes it: `", "` between items, `": "` after keys. */
export function pyJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pyJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${pyJson(item)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}

// Short deltas, a word or a piece of one, as a tokenizer cuts them; one non-ASCII character
// so that pieces sometimes split a multi-byte character.
const WORDS = [
  "Un",
  "opened",
  " items",
  " can",
  " be",
  " returned",
  " within",
  " 30",
  " days",
  " of",
  " delivery",
  ";",
  " refunds",
  " take",
  " 5",
  " business",
  " days",
  " —",
  " see",
  " §4",
  ".",
];
const ID = "chatcmpl-nugen-flash-instruct-1784190310";
const head = { id: ID, object: "chat.completion.chunk", created: 1784190310, model: "nugen-flash-instruct" };

/** One letter per chunk: the answer's text grows by a byte a chunk. */
export const tinyDelta = (i: number) => String.fromCharCode(97 + (i % 26));

/** The data of each event of a stream of exactly `total` events (at least 5), [DONE] last. */
export function* chatStreamEvents(
  total: number,
  delta: (i: number) => string = (i) => WORDS[i % WORDS.length] as string,
): Generator<string> {
  yield pyJson({ _timing: { gpu_processing_seconds: 0.0123 } });
  let left = total - 1;
  let chunks = 0;
  // The last three: the final chunk, the timing event, [DONE].
  while (left > 3) {
    const content = delta(chunks);
    yield pyJson({
      ...head,
      choices: [
        {
          index: 0,
          delta: chunks === 0 ? { role: "assistant", content } : { content },
          logprobs: null,
          finish_reason: null,
        },
      ],
    });
    chunks++;
    left--;
    if (chunks % 10 === 0 && left > 3) {
      yield pyJson({ object: "confidence", confidence_score: 70 + (chunks % 300) / 10 });
      left--;
    }
  }
  yield pyJson({
    ...head,
    choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }],
    usage: { prompt_tokens: 17, completion_tokens: chunks, total_tokens: 17 + chunks },
  });
  yield pyJson({
    object: "timing",
    timing: {
      ttft_seconds: 0.19,
      throughput_tokens_per_second: 81.7,
      total_seconds: Math.round((chunks / 81.7) * 100) / 100,
    },
  });
  yield "[DONE]";
}

/** How many of a stream's events are chunks (what an SDK yields). */
export function chunkCount(total: number): number {
  let count = 0;
  for (const data of chatStreamEvents(total)) if (data.includes('"chat.completion.chunk"')) count++;
  return count;
}

// nomic-embed-text-v1.5 shortened to 256 dimensions, for the spec's two-text example;
// numbers as Python writes floats (up to 17 significant digits).
const vector = (seed: number) =>
  Array.from({ length: 256 }, (_, i) => Number((Math.sin(seed * 1000 + i * 7.13) * 0.9).toPrecision(17)));
export const embeddingsBody = pyJson({
  object: "list",
  data: [0, 1].map((index) => ({ object: "embedding", index, embedding: vector(index + 1), raw_output: null })),
  model: "nomic-embed-text-v1.5",
  usage: { prompt_tokens: 24, total_tokens: 24 },
  created: 1784190455.118,
});
