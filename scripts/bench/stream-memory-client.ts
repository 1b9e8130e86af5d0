/**
 * One long chat stream read in a fresh process (run with --expose-gc): `sdk` iterates the
 * SDK's Stream and then asks for finalChatCompletion(); `raw` reads the same body with a
 * bare fetch and keeps nothing, the reference. Every SAMPLE_EVERY chunks (bytes' worth for
 * `raw`) it forces a collection and samples process.memoryUsage(): what is still held, not
 * garbage waiting. Reports to the parent over IPC.
 *
 * Usage: stream-memory-client.ts <url> <sdk|raw> <events>
 */
import { Nugen } from "../../src/index.js";

const SAMPLE_EVERY = 10_000;
const [url = "", side = "sdk", eventsArg = "200000"] = process.argv.slice(2);
const events = Number(eventsArg);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const headers = { "X-Bench-Events": String(events), "X-Bench-Delta": "tiny" };
const samples: { chunks: number; heapUsed: number; rss: number; external: number; arrayBuffers: number }[] = [];

function sample(chunks: number): void {
  gc();
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  samples.push({ chunks, heapUsed, rss, external, arrayBuffers });
}

async function sdk(): Promise<{ chunks: number; textLength: number; confidenceReadings: number }> {
  const nugen = new Nugen({ apiKey: "bench-key", baseUrl: url });
  const stream = await nugen.chat.completions.create(
    { model: "nugen-flash-instruct", messages: [{ role: "user", content: "Go on." }], stream: true },
    { headers },
  );
  let chunks = 0;
  sample(0);
  for await (const _chunk of stream) {
    if (++chunks % SAMPLE_EVERY === 0) sample(chunks);
  }
  sample(chunks);
  const final = await stream.finalChatCompletion();
  return {
    chunks,
    textLength: final.choices[0]?.message.content.length ?? 0,
    confidenceReadings: stream.confidence.length,
  };
}

/** The same body through fetch alone; samples at the same points, counted in chunks by their share of the bytes. */
async function raw(): Promise<{ chunks: number; textLength: number; confidenceReadings: number }> {
  const response = await fetch(`${url}/api/v3/inference/chat/completions`, {
    method: "POST",
    headers: { ...headers, Authorization: "Bearer bench-key", "Content-Type": "application/json" },
    body: JSON.stringify({
      model: "nugen-flash-instruct",
      messages: [{ role: "user", content: "Go on." }],
      stream: true,
    }),
  });
  let lines = 0;
  let next = SAMPLE_EVERY;
  sample(0);
  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
    // Two line ends per event; about 10 of every 11 events are chunks.
    const chunks = Math.floor((lines / 2) * (10 / 11));
    if (chunks >= next) {
      sample(chunks);
      next += SAMPLE_EVERY;
    }
  }
  const chunks = Math.floor((lines / 2) * (10 / 11));
  sample(chunks);
  return { chunks, textLength: 0, confidenceReadings: 0 };
}

try {
  const started = performance.now();
  const result = side === "raw" ? await raw() : await sdk();
  process.send?.({ events, ...result, samples, seconds: (performance.now() - started) / 1000 });
} catch (error) {
  process.send?.({
    error: error instanceof Error ? error.message : String(error),
    events,
    chunks: 0,
    samples,
    textLength: 0,
    confidenceReadings: 0,
    seconds: Number.NaN,
  });
  process.exitCode = 1;
}
process.disconnect?.();
