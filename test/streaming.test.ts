/**
 * Streaming inference over a real loopback server: Nugen's extra events, [DONE] on an open
 * connection, breaks, error events, split chunks, CRLF, comments, gaps, aborts and retries.
 */
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import {
  APIError,
  APITimeoutError,
  APIUserAbortError,
  type ChatCompletion,
  type ChatCompletionChunk,
  Nugen,
  Stream,
  StreamInterruptedError,
} from "../src/index.js";
import { sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-stream-0123456789";
let server: TestServer;
afterEach(() => server?.close());

const chunk = (content: string | null, finish: string | null = null, extra: object = {}) => ({
  id: "chatcmpl-m-1",
  object: "chat.completion.chunk",
  created: 1,
  model: "m",
  choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
  ...extra,
});
const usage = { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 };
const timing = { ttft_seconds: 0.1, throughput_tokens_per_second: 50, total_seconds: 0.3 };

/** The live API's event order: _timing first, confidence readings, timing after the final chunk, usage after [DONE]. */
const LIVE_EVENTS = [
  { _timing: { gpu_processing_seconds: 0.01 } },
  chunk("Hello "),
  { object: "confidence", confidence_score: 61.5 },
  chunk(""),
  chunk("wörld"),
  { object: "something-new", value: 1 },
  { object: "confidence", confidence_score: 72.5 },
  chunk(null, "stop", { usage }),
  { object: "timing", timing },
];
const sse = (events: unknown[], end = "\n\n") =>
  events.map((event) => `data: ${typeof event === "string" ? event : JSON.stringify(event)}${end}`).join("");
const LIVE_BODY = `${sse(LIVE_EVENTS)}data: [DONE]\n\n${sse([{ ...chunk(null), choices: [], usage }])}`;

function streamServer(write: (res: ServerResponse, index: number) => void) {
  return startServer((_req, res, index) => {
    res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": "req_stream_1" });
    write(res, index);
  });
}

const client = (overrides: ConstructorParameters<typeof Nugen>[0] = {}) =>
  new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 2, ...overrides });
const ask = (nugen = client(), options = {}) =>
  nugen.chat.completions.create({ model: "m", messages: [{ role: "user", content: "Hi" }], stream: true }, options);

describe("chat.completions.create({ stream: true })", () => {
  it("yields only the chunks, keeps Nugen's events on the stream, and assembles the answer", async () => {
    server = await streamServer((res) => res.end(LIVE_BODY));
    const stream = await ask();
    expect(stream).toBeInstanceOf(Stream);
    const readings: number[] = [];
    stream.on("confidence", (score) => readings.push(score));
    const contents: (string | null | undefined)[] = [];
    for await (const part of stream) contents.push(part.choices[0]?.delta?.content);
    expect(contents).toEqual(["Hello ", "", "wörld", undefined]);
    expect(readings).toEqual([61.5, 72.5]);
    expect(stream.confidence).toEqual([61.5, 72.5]);
    expect(stream.timing).toEqual(timing);
    expect(stream.gpuTiming).toEqual({ gpu_processing_seconds: 0.01 });
    const final = await stream.finalChatCompletion();
    expect(final).toEqual({
      id: "chatcmpl-m-1",
      object: "chat.completion",
      created: 1,
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello wörld" }, finish_reason: "stop" }],
      usage,
      timing,
      confidence_score: 72.5,
    });
  });

  it("finalChatCompletion() alone reads the whole stream", async () => {
    server = await streamServer((res) => res.end(LIVE_BODY));
    const final = await (await ask()).finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe("Hello wörld");
    expect(server.requests[0]?.body).toContain('"stream":true');
  });

  it("ends at [DONE] although the server keeps the connection open, and closes it", async () => {
    let closed = false;
    server = await streamServer((res) => {
      res.write(`${sse([chunk("a"), chunk(null, "stop")])}data: [DONE]\n\n`);
      res.on("close", () => (closed = true));
    });
    const stream = await ask();
    const parts: unknown[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts).toHaveLength(2);
    await vi.waitFor(() => expect(closed).toBe(true));
  });

  it("handles chunks split anywhere (inside a line, inside a character), CRLF line ends and comments", async () => {
    const body = `: keep-alive\r\n\r\n${sse(LIVE_EVENTS, "\r\n\r\n")}:comment\r\ndata: [DONE]\r\n\r\n`;
    const bytes = Buffer.from(body, "utf8");
    server = await streamServer(async (res) => {
      // One byte per write, so 'ö' (two bytes) and every CRLF are cut in two.
      for (const byte of bytes) {
        res.write(Buffer.from([byte]));
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
    const final = await (await ask()).finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe("Hello wörld");
    expect(final.confidence_score).toBe(72.5);
  }, 30_000);

  it("a stream that breaks before [DONE] throws StreamInterruptedError, never a short answer", async () => {
    server = await streamServer((res) => res.end(sse([chunk("Hel")])));
    const stream = await ask();
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const part of stream) seen.push(part);
    })().catch((e) => e);
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.message).toMatch(/ended before \[DONE\]/);
    await expect(stream.finalChatCompletion()).rejects.toBe(error);
  });

  it("a dropped connection mid-stream throws StreamInterruptedError", async () => {
    server = await streamServer((res) => {
      res.write(sse([chunk("Hel")]));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect((await ask()).finalChatCompletion()).rejects.toBeInstanceOf(StreamInterruptedError);
  });

  it("[DONE] without a final chunk (no finish_reason) is an error too", async () => {
    server = await streamServer((res) => res.end(`${sse([chunk("Hel")])}data: [DONE]\n\n`));
    await expect((await ask()).finalChatCompletion()).rejects.toThrow(/without a final chunk/);
  });

  it("an error object on the stream throws an APIError with its message", async () => {
    server = await streamServer((res) =>
      res.end(
        `${sse([chunk("Hel"), { error: { message: "GPU worker lost", type: "server_error" } }])}data: [DONE]\n\n`,
      ),
    );
    const error = await (await ask()).finalChatCompletion().catch((e) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error.message).toBe("Error on the stream: GPU worker lost");
    expect(error.requestId).toBe("req_stream_1");
  });

  it("timeoutMs bounds each gap between events, not the whole answer", async () => {
    server = await streamServer(async (res) => {
      for (const event of [chunk("a"), chunk("b"), chunk("c"), chunk(null, "stop")]) {
        res.write(sse([event]));
        await new Promise((resolve) => setTimeout(resolve, 120));
      }
      res.end("data: [DONE]\n\n");
    });
    // 4 gaps of 120 ms: the whole answer takes ~500 ms, each gap stays under 300 ms.
    const final = await (await ask(client(), { timeoutMs: 300 })).finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe("abc");
  });

  it("a stalled stream ends with APITimeoutError", async () => {
    server = await streamServer((res) => res.write(sse([chunk("a")])));
    const error = await (await ask(client(), { timeoutMs: 150 })).finalChatCompletion().catch((e) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
  });

  it("stream.controller.abort() stops it mid-stream: APIUserAbortError, and the server sees the connection close", async () => {
    let closed = false;
    server = await streamServer((res) => {
      res.write(sse([chunk("a")]));
      res.on("close", () => (closed = true));
    });
    const stream = await ask();
    const error = await (async () => {
      for await (const _part of stream) stream.controller.abort();
    })().catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    await vi.waitFor(() => expect(closed).toBe(true));
  });

  it("the caller's signal stops it too, keeping the reason as the cause", async () => {
    let closed = false;
    server = await streamServer((res) => {
      res.write(sse([chunk("a")]));
      res.on("close", () => (closed = true));
    });
    const controller = new AbortController();
    const stream = await ask(client(), { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const next = iterator.next();
    controller.abort("user pressed Ctrl-C");
    const error = await next.catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.cause).toBe("user pressed Ctrl-C");
    await vi.waitFor(() => expect(closed).toBe(true));
  });

  it("a break in the loop closes the connection", async () => {
    let closed = false;
    server = await streamServer((res) => {
      res.write(sse([chunk("a"), chunk("b")]));
      res.on("close", () => (closed = true));
    });
    for await (const _part of await ask()) break;
    await vi.waitFor(() => expect(closed).toBe(true));
  });

  it("retries a failure before the first byte (inference creates nothing), never after an event", async () => {
    server = await startServer((_req, res, index) => {
      if (index === 0) return sendJson(res, 503, { detail: "warming up" }, { "retry-after-ms": "5" });
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(LIVE_BODY);
    });
    expect((await (await ask()).finalChatCompletion()).choices[0]?.message.content).toBe("Hello wörld");
    expect(server.requests).toHaveLength(2);
    await server.close();

    server = await streamServer((res) => {
      res.write(sse([chunk("a")]));
      setTimeout(() => res.socket?.destroy(), 10);
    });
    await expect((await ask()).finalChatCompletion()).rejects.toBeInstanceOf(StreamInterruptedError);
    expect(server.requests).toHaveLength(1);
  });

  it("toReadableStream() gives the chunks as JSON lines", async () => {
    server = await streamServer((res) => res.end(LIVE_BODY));
    const text = await new Response((await ask()).toReadableStream()).text();
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.choices[0]?.delta?.content)).toEqual(["Hello ", "", "wörld", undefined]);
  });

  it("sends sessionId and provider as X-Session-ID and X-Provider", async () => {
    server = await streamServer((res) => res.end(LIVE_BODY));
    await (await ask(client(), { sessionId: "sess-1", provider: "fireworks" })).finalChatCompletion();
    expect(server.requests[0]?.headers["x-session-id"]).toBe("sess-1");
    expect(server.requests[0]?.headers["x-provider"]).toBe("fireworks");
  });
});

describe("completions.create({ stream: true })", () => {
  it("assembles the text with finalCompletion()", async () => {
    const textChunk = (text: string, finish: string | null = null) => ({
      id: "cmpl-1",
      object: "text_completion",
      created: 2,
      model: "m",
      choices: [{ index: 0, text, finish_reason: finish }],
    });
    server = await streamServer((res) =>
      res.end(`${sse([textChunk("Once "), textChunk("upon"), { ...textChunk("", "length"), usage }])}data: [DONE]\n\n`),
    );
    const stream = await client().completions.create({ model: "m", prompt: "Tell", stream: true });
    expect(await stream.finalCompletion()).toEqual({
      id: "cmpl-1",
      object: "text_completion",
      created: 2,
      model: "m",
      choices: [{ index: 0, text: "Once upon", finish_reason: "length" }],
      usage,
    });
  });
});

describe("types follow the `stream` literal", () => {
  it("stream: true gives a Stream, otherwise a completion", () => {
    const nugen = new Nugen({ apiKey, baseUrl: "http://127.0.0.1:1" });
    const messages = [{ role: "user" as const, content: "Hi" }];
    const streamed = () => nugen.chat.completions.create({ model: "m", messages, stream: true });
    const whole = () => nugen.chat.completions.create({ model: "m", messages });
    expectTypeOf<Awaited<ReturnType<typeof streamed>>>().toEqualTypeOf<Stream<ChatCompletionChunk>>();
    expectTypeOf<Awaited<ReturnType<typeof whole>>>().toEqualTypeOf<ChatCompletion>();
  });
});
