/**
 * Inference over loopback, against inference-server.ts in another process:
 *
 * - SSE parsing: one 20,000-event Nugen chat stream read by the SDK
 *   (`chat.completions.create({ stream: true })`, then `for await`), by openai-node's `Stream`
 *   (`Stream.fromSSEResponse` on a fetch Response) and by eventsource-parser, both ways its
 *   README shows (the `createParser` callback fed from the body, and `TextDecoderStream` →
 *   `EventSourceParserStream`). Every side fetches, reads the whole body, parses every
 *   event's JSON and yields the chunks to a `for await` loop; the count of chunks is checked.
 *   A fetch that only reads the body's bytes runs in the same rounds: the floor.
 * - Time to first event: the SDK's `await create(...)` and first chunk, against a raw fetch
 *   reading the first line of the body, the server answering at once. Each side then reads
 *   the rest of its (short) stream untimed, as a caller would, and the server counts the
 *   connections each side opened.
 * - Memory of a long stream: 200,000 events through the SDK in a fresh process
 *   (stream-memory-client.ts), heap after a forced GC and RSS sampled every 10,000 chunks.
 * - Embeddings, 100 requests in flight: the SDK's throughput against raw fetch (openapi-fetch
 *   alone as a reference), for the spec's two-text example answered with 256-dimension
 *   vectors.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createParser } from "eventsource-parser";
import { EventSourceParserStream } from "eventsource-parser/stream";
import { Stream as OpenAIStream } from "openai/core/streaming";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { Nugen } from "../../src/index.js";
import { chunkCount } from "./chat-stream.js";
import { type Budget, median, round } from "./stats.js";

const KEY = "bench-key";
const CHAT_PATH = "/api/v3/inference/chat/completions";
const EMBEDDINGS_PATH = "/api/v3/inference/embeddings";
const chatRequest = {
  model: "nugen-flash-instruct",
  messages: [{ role: "user" as const, content: "Can I return an opened item?" }],
  stream: true as const,
};
const embeddingsRequest = {
  model: "nomic-embed-text-v1.5",
  input: [
    "Unopened items can be returned within 30 days of delivery.",
    "Refunds are issued within 5 business days of receiving the return.",
  ],
  dimensions: 256,
};

interface Server {
  url: string;
  child: ChildProcess;
  connections(): Promise<number>;
}

async function startServer(): Promise<Server> {
  const child = fork(fileURLToPath(new URL("./inference-server.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve) =>
    child.once("message", (message) => resolve((message as { port: number }).port)),
  );
  const connections = () =>
    new Promise<number>((resolve) => {
      child.once("message", (message) => resolve((message as { connections: number }).connections));
      child.send({ stats: true });
    });
  return { url: `http://127.0.0.1:${port}`, child, connections };
}

type Chunk = { choices: unknown[] } & Record<string, unknown>;
/** A way to read a whole chat stream; resolves to the number of chunks its loop got. */
type Reader = (events: number) => Promise<number>;

const isChunk = (event: Record<string, unknown>): event is Chunk => Array.isArray(event.choices);

/**
 * The contestants. Each has its own `for await` loop over what it yields (a loop shared by
 * all would see every kind of iterator and slow them all alike).
 */
function readers(url: string, nugen: Nugen): Record<string, Reader> {
  const init = (events: number, signal?: AbortSignal): RequestInit => ({
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json", "X-Bench-Events": String(events) },
    body: JSON.stringify(chatRequest),
    signal,
  });
  return {
    "nugen SDK": async (events) => {
      let chunks = 0;
      for await (const chunk of await nugen.chat.completions.create(chatRequest, {
        headers: { "X-Bench-Events": String(events) },
      }))
        if (chunk.choices) chunks++;
      return chunks;
    },

    "openai-node Stream": async (events) => {
      const controller = new AbortController();
      const response = await fetch(`${url}${CHAT_PATH}`, init(events, controller.signal));
      // It yields every event's parsed JSON (it knows no others than OpenAI's): the loop keeps the chunks.
      let chunks = 0;
      for await (const event of OpenAIStream.fromSSEResponse<Record<string, unknown>>(response, controller))
        if (isChunk(event)) chunks++;
      return chunks;
    },

    "eventsource-parser createParser": async (events) => {
      async function* chunksOf(response: Response): AsyncGenerator<Chunk> {
        const data: string[] = [];
        const parser = createParser({ onEvent: (event) => data.push(event.data) });
        const decoder = new TextDecoder();
        for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
          parser.feed(decoder.decode(bytes, { stream: true }));
          for (const item of data) {
            if (item === "[DONE]") continue;
            const event = JSON.parse(item) as Record<string, unknown>;
            if (isChunk(event)) yield event;
          }
          data.length = 0;
        }
      }
      let chunks = 0;
      for await (const chunk of chunksOf(await fetch(`${url}${CHAT_PATH}`, init(events)))) if (chunk.choices) chunks++;
      return chunks;
    },

    "eventsource-parser stream": async (events) => {
      async function* chunksOf(response: Response): AsyncGenerator<Chunk> {
        const text = (response.body as ReadableStream<Uint8Array>).pipeThrough(
          new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>,
        );
        const parsed = text.pipeThrough(new EventSourceParserStream());
        for await (const message of parsed as unknown as AsyncIterable<{ data: string }>) {
          if (message.data === "[DONE]") continue;
          const event = JSON.parse(message.data) as Record<string, unknown>;
          if (isChunk(event)) yield event;
        }
      }
      let chunks = 0;
      for await (const chunk of chunksOf(await fetch(`${url}${CHAT_PATH}`, init(events)))) if (chunk.choices) chunks++;
      return chunks;
    },
  };
}

/** The floor: a fetch that reads the body's bytes and parses nothing. */
async function bodyOnly(url: string, events: number): Promise<number> {
  const response = await fetch(`${url}${CHAT_PATH}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json", "X-Bench-Events": String(events) },
    body: JSON.stringify(chatRequest),
  });
  let bytes = 0;
  for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) bytes += part.byteLength;
  return bytes;
}

async function measureParsing(server: Server, nugen: Nugen, quick: boolean) {
  const events = 20_000;
  const expected = chunkCount(events);
  const sides = readers(server.url, nugen);
  const names = [...Object.keys(sides), "fetch, body bytes only"];
  const seconds = Object.fromEntries(names.map((name) => [name, [] as number[]]));
  const problems: string[] = [];
  const once = async (name: string) => {
    const started = performance.now();
    const read = sides[name];
    const got = read ? await read(events) : await bodyOnly(server.url, events);
    const elapsed = (performance.now() - started) / 1000;
    if (read && got !== expected) problems.push(`${name}: ${got} chunks, not ${expected}`);
    return elapsed;
  };
  for (const name of names) await once(name); // warm-up: JIT, sockets, the server's cache
  const rounds = quick ? 6 : 15;
  for (let round = 0; round < rounds; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length] as string))
      seconds[name]?.push(await once(name));
  }
  const eventsPerSecond = Object.fromEntries(
    names.map((name) => [name, Math.round(events / median(seconds[name] ?? []))]),
  );
  const rivals = names.filter((name) => name !== "nugen SDK" && name !== "fetch, body bytes only");
  const best = rivals.reduce((a, b) => ((eventsPerSecond[a] ?? 0) >= (eventsPerSecond[b] ?? 0) ? a : b));
  return {
    events,
    chunks: expected,
    rounds,
    eventsPerSecond,
    best,
    sdkOverBest: round((eventsPerSecond["nugen SDK"] ?? 0) / (eventsPerSecond[best] ?? 1)),
    sdkOverFloor: round((eventsPerSecond["nugen SDK"] ?? 0) / (eventsPerSecond["fetch, body bytes only"] ?? 1)),
    problems,
  };
}

async function measureFirstEvent(server: Server, nugen: Nugen, quick: boolean) {
  const events = 20;
  const headers = {
    Authorization: `Bearer ${KEY}`,
    "Content-Type": "application/json",
    "X-Bench-Events": String(events),
  };
  const body = JSON.stringify(chatRequest);
  /** Each returns the milliseconds to its first event, having read the whole stream. */
  const sides: Record<string, () => Promise<number>> = {
    "nugen SDK": async () => {
      const started = performance.now();
      const stream = await nugen.chat.completions.create(chatRequest, {
        headers: { "X-Bench-Events": String(events) },
      });
      const iterator = stream[Symbol.asyncIterator]();
      const first = await iterator.next();
      const elapsed = performance.now() - started;
      if (first.done) throw new Error("the SDK's stream had no chunk");
      while (!(await iterator.next()).done) {
        // The rest of the stream, as a caller reads it.
      }
      return elapsed;
    },
    "raw fetch": () => rawFirstEvent(false),
    // What any client that enforces a deadline pays on Node 20: fetch given an AbortSignal.
    "raw fetch + timeout signal": () => rawFirstEvent(true),
  };
  async function rawFirstEvent(withSignal: boolean): Promise<number> {
    const started = performance.now();
    const controller = withSignal ? new AbortController() : undefined;
    const timer = controller ? setTimeout(() => controller.abort(), 60_000) : undefined;
    const response = await fetch(`${server.url}${CHAT_PATH}`, {
      method: "POST",
      headers,
      body,
      signal: controller?.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    let elapsed = Number.NaN;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (Number.isNaN(elapsed)) {
        text += decoder.decode(value, { stream: true });
        if (text.includes("\n")) elapsed = performance.now() - started;
      }
    }
    clearTimeout(timer);
    if (!text.startsWith("data: ")) throw new Error("raw fetch read no event");
    return elapsed;
  }
  const names = Object.keys(sides);
  const perRound = quick ? 60 : 150;
  const rounds = quick ? 5 : 15;
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]]));
  const connections = Object.fromEntries(names.map((name) => [name, 0]));
  for (const name of names) for (let i = 0; i < 50; i++) await sides[name]?.(); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length] as string)) {
      const before = await server.connections();
      const times: number[] = [];
      for (let i = 0; i < perRound; i++) times.push(await (sides[name] as () => Promise<number>)());
      connections[name] = (connections[name] ?? 0) + (await server.connections()) - before;
      samples[name]?.push(median(times));
    }
  }
  const ms = Object.fromEntries(names.map((name) => [name, round(median(samples[name] ?? []), 3)]));
  return {
    events,
    rounds,
    perRound,
    firstEventMs: ms,
    ratio: round((ms["nugen SDK"] ?? 0) / (ms["raw fetch"] ?? 1)),
    ratioToRawWithSignal: round((ms["nugen SDK"] ?? 0) / (ms["raw fetch + timeout signal"] ?? 1)),
    connectionsPerStream: Object.fromEntries(
      names.map((name) => [name, round((connections[name] ?? 0) / (rounds * perRound), 3)]),
    ),
  };
}

interface MemoryReport {
  error?: string;
  events: number;
  chunks: number;
  samples: { chunks: number; heapUsed: number; rss: number; external: number; arrayBuffers: number }[];
  textLength: number;
  confidenceReadings: number;
  seconds: number;
}

function runMemoryClient(url: string, side: string, events: number): Promise<MemoryReport> {
  return new Promise((resolve) => {
    const child = fork(
      fileURLToPath(new URL("./stream-memory-client.ts", import.meta.url)),
      [url, side, String(events)],
      {
        execArgv: ["--import", "tsx", "--expose-gc"],
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      },
    );
    let report: MemoryReport | undefined;
    const timer = setTimeout(() => child.kill(), 300_000);
    child.on("message", (message) => {
      report = message as MemoryReport;
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(
        report ?? {
          error: `client exited (${code}) without a report`,
          events,
          chunks: 0,
          samples: [],
          textLength: 0,
          confidenceReadings: 0,
          seconds: Number.NaN,
        },
      );
    });
  });
}

async function measureMemory(server: Server, quick: boolean) {
  const events = quick ? 100_000 : 200_000;
  const MB = 1_000_000;
  const summary = (report: MemoryReport) => {
    const { samples } = report;
    const midIndex = Math.floor((samples.length - 1) / 2);
    const mid = samples[midIndex];
    const last = samples.at(-1);
    // Each end is the median of three neighbouring samples: one page of RSS the allocator holds
    // for a moment moves no figure.
    const around = (index: number, key: "heapUsed" | "rss" | "arrayBuffers") =>
      median(samples.slice(Math.max(0, index - 1), Math.min(samples.length, index + 2)).map((sample) => sample[key]));
    const grew = (key: "heapUsed" | "rss" | "arrayBuffers") =>
      mid && last ? round((around(samples.length - 2, key) - around(midIndex, key)) / MB, 2) : Number.NaN;
    const secondHalfChunks = mid && last ? last.chunks - mid.chunks : 0;
    return {
      error: report.error,
      seconds: round(report.seconds, 2),
      chunks: report.chunks,
      secondHalf: {
        fromChunk: mid?.chunks,
        toChunk: last?.chunks,
        heapUsedGrowthMB: grew("heapUsed"),
        rssGrowthMB: grew("rss"),
        arrayBuffersGrowthMB: grew("arrayBuffers"),
      },
      heapBytesPerChunkSecondHalf: secondHalfChunks
        ? round(((last?.heapUsed ?? 0) - (mid?.heapUsed ?? 0)) / secondHalfChunks, 1)
        : Number.NaN,
      heapBytesPerChunkWhole:
        report.chunks && last && samples[0]
          ? round((last.heapUsed - samples[0].heapUsed) / report.chunks, 1)
          : Number.NaN,
      textLength: report.textLength,
      confidenceReadings: report.confidenceReadings,
      samples: report.samples.map((s) => ({
        chunks: s.chunks,
        heapUsedMB: round(s.heapUsed / MB, 2),
        rssMB: round(s.rss / MB, 1),
        arrayBuffersMB: round(s.arrayBuffers / MB, 2),
      })),
    };
  };
  const sdk = summary(await runMemoryClient(server.url, "sdk", events));
  const raw = summary(await runMemoryClient(server.url, "raw", events));
  return { events, sampleEveryChunks: 10_000, delta: "one character per chunk", sdk, rawBodyReference: raw };
}

async function measureEmbeddings(server: Server, nugen: Nugen, quick: boolean) {
  const headers = { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" };
  const body = JSON.stringify(embeddingsRequest);
  const bare = createClient<paths>({ baseUrl: server.url, headers: { Authorization: `Bearer ${KEY}` } });
  const sides: Record<string, () => Promise<unknown>> = {
    "raw fetch": () =>
      fetch(`${server.url}${EMBEDDINGS_PATH}`, { method: "POST", headers, body }).then((r) => r.json()),
    // References: a deadline as the SDK enforces one (an AbortSignal per request), and fetch told
    // not to follow redirects (undici then skips cloning the request and teeing its body).
    "raw fetch + timeout signal": () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 60_000);
      return fetch(`${server.url}${EMBEDDINGS_PATH}`, { method: "POST", headers, body, signal: controller.signal })
        .then((r) => r.json())
        .finally(() => clearTimeout(timer));
    },
    'raw fetch, redirect: "error"': () =>
      fetch(`${server.url}${EMBEDDINGS_PATH}`, { method: "POST", headers, body, redirect: "error" }).then((r) =>
        r.json(),
      ),
    "openapi-fetch": () => bare.POST(EMBEDDINGS_PATH, { body: embeddingsRequest }),
    "nugen SDK": () => nugen.embeddings.create(embeddingsRequest),
  };
  const inFlight = 100;
  const total = 2000;
  const burst = async (one: () => Promise<unknown>) => {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next++ < total) await one();
      }),
    );
    return total / ((performance.now() - started) / 1000);
  };
  const names = Object.keys(sides);
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]]));
  for (const name of names) await burst(sides[name] as () => Promise<unknown>); // warm-up
  const rounds = quick ? 3 : 9;
  for (let round = 0; round < rounds; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length] as string))
      samples[name]?.push(await burst(sides[name] as () => Promise<unknown>));
  }
  const perSecond = Object.fromEntries(names.map((name) => [name, Math.round(median(samples[name] ?? []))]));
  return {
    inFlight,
    requestsPerBurst: total,
    rounds,
    requestsPerSecond: perSecond,
    ratio: round((perSecond["nugen SDK"] ?? 0) / (perSecond["raw fetch"] ?? 1)),
    openapiFetchOverRawFetch: round((perSecond["openapi-fetch"] ?? 0) / (perSecond["raw fetch"] ?? 1)),
  };
}

export async function measureStreaming(quick: boolean) {
  const server = await startServer();
  try {
    const nugen = new Nugen({ apiKey: KEY, baseUrl: server.url });
    const parsing = await measureParsing(server, nugen, quick);
    const firstEvent = await measureFirstEvent(server, nugen, quick);
    const embeddings = await measureEmbeddings(server, nugen, quick);
    const memory = await measureMemory(server, quick);
    const eps = parsing.eventsPerSecond;
    const budgets: Budget[] = [
      {
        name: `SSE ${parsing.events / 1000}k events: SDK / best of openai-node, eventsource-parser`,
        figure: parsing.problems.length ? Number.NaN : parsing.sdkOverBest,
        unit: "×",
        limit: 1,
        kind: "min",
        detail: `${eps["nugen SDK"]} vs ${eps[parsing.best]} events/s (${parsing.best}); ${Object.entries(eps)
          .filter(([name]) => name !== "nugen SDK" && name !== parsing.best)
          .map(([name, value]) => `${name} ${value}`)
          .join(", ")}${parsing.problems.length ? `; ${parsing.problems.join("; ")}` : ""}`,
      },
      {
        name: "stream, first event: SDK / raw fetch",
        figure: firstEvent.ratio,
        unit: "×",
        limit: 1.05,
        kind: "max",
        detail: `${firstEvent.firstEventMs["nugen SDK"]} vs ${firstEvent.firstEventMs["raw fetch"]} ms; raw + timeout signal ${firstEvent.firstEventMs["raw fetch + timeout signal"]} ms; connections per stream ${firstEvent.connectionsPerStream["nugen SDK"]} vs ${firstEvent.connectionsPerStream["raw fetch"]}`,
      },
      {
        name: `stream ${memory.events / 1000}k events: SDK heap growth, 2nd half`,
        figure: memory.sdk.error ? Number.NaN : memory.sdk.secondHalf.heapUsedGrowthMB,
        unit: "MB",
        limit: 5,
        kind: "max",
        detail:
          memory.sdk.error ??
          `${memory.sdk.heapBytesPerChunkSecondHalf} B per chunk (1-char deltas); RSS ${memory.sdk.secondHalf.rssGrowthMB} MB; raw fetch body alone: heap ${memory.rawBodyReference.secondHalf.heapUsedGrowthMB}, RSS ${memory.rawBodyReference.secondHalf.rssGrowthMB} MB`,
      },
      {
        name: `stream ${memory.events / 1000}k events: SDK RSS growth, 2nd half`,
        figure: memory.sdk.error ? Number.NaN : memory.sdk.secondHalf.rssGrowthMB,
        unit: "MB",
        limit: 5,
        kind: "max",
      },
      {
        name: "embeddings, 100 in flight: SDK / raw throughput",
        figure: embeddings.ratio,
        unit: "×",
        limit: 0.9,
        kind: "min",
        detail: `${embeddings.requestsPerSecond["nugen SDK"]} vs ${embeddings.requestsPerSecond["raw fetch"]} req/s; raw + timeout signal ${embeddings.requestsPerSecond["raw fetch + timeout signal"]}, raw redirect:"error" ${embeddings.requestsPerSecond['raw fetch, redirect: "error"']}, openapi-fetch ${embeddings.requestsPerSecond["openapi-fetch"]}`,
      },
    ];
    return { results: { parsing, firstEvent, memory, embeddings }, budgets };
  } finally {
    server.child.kill();
  }
}
