/**
 * nugen/ai-sdk under the real `ai` package against a local server that answers what the
 * spec's examples record (a tool call, a stream with Nugen's own events), and that records
 * what it gets: tools both ways, streamed tool-call deltas, Nugen's provider options and
 * headers, images, the AI SDK's retries as the SDK's policy allows them, and errors that
 * never carry the key.
 */

import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import {
  InvalidArgumentError,
  LoadAPIKeyError,
  NoSuchModelError,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import { APICallError, generateText, isStepCount, jsonSchema, RetryError, streamText, tool } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { examples } from "../generated/examples.js";
import { createNugen, nugen as defaultNugen, type NugenChatOptions } from "../src/ai-sdk/index.js";
import { Nugen } from "../src/index.js";
import { closedPort, type Handler, sendJson, startServer, type TestServer } from "./helpers/server.js";

const KEY = "nk-wire-0123456789abcdef";
let server: TestServer;
let answer: Handler;

beforeAll(async () => {
  server = await startServer((request, response, index) => answer(request, response, index));
});
afterEach(() => {
  server.requests.length = 0;
});
afterAll(() => server?.close());

const provider = () => createNugen({ apiKey: KEY, baseURL: server.url });
const bodyOf = (index: number) => JSON.parse(server.requests[index]?.body ?? "null");

/** Server-sent events, each `data:` line as the API writes them, then `[DONE]`. */
function sse(response: ServerResponse, events: unknown[], { done = true } = {}): void {
  response.writeHead(200, { "content-type": "text/event-stream" });
  for (const event of events) response.write(`data: ${JSON.stringify(event)}\n\n`);
  if (done) response.write("data: [DONE]\n\n");
  response.end();
}

/** The spec's recorded tool call, streamed as OpenAI's deltas: the id and name first, the arguments in pieces. */
function toolCallEvents(): unknown[] {
  const recorded = examples.ChatCompletionToolCall;
  const call = recorded.choices[0]!.message.tool_calls![0]!;
  const chunk = (delta: unknown, extra: object = {}) => ({
    id: recorded.id,
    object: "chat.completion.chunk",
    created: recorded.created,
    model: recorded.model,
    choices: [{ index: 0, delta, finish_reason: null }],
    ...extra,
  });
  const pieces = [
    call.function.arguments.slice(0, 7),
    call.function.arguments.slice(7, 20),
    call.function.arguments.slice(20),
  ];
  return [
    examples.StreamPreludeEvent,
    chunk({
      role: "assistant",
      content: null,
      tool_calls: [{ index: 0, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }],
    }),
    ...pieces.map((piece) => chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] })),
    { ...chunk({}), choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }], usage: recorded.usage },
  ];
}

const lookupOrderDefinition = {
  description: examples.ChatRequestTools.tools[0]!.function.description,
  inputSchema: jsonSchema<{ order_number: string }>(examples.ChatRequestTools.tools[0]!.function.parameters as never),
  execute: async ({ order_number }: { order_number: string }) => ({ order_number, delivered: "2026-07-02" }),
};
const lookupOrder = tool(lookupOrderDefinition);

describe("tools", () => {
  it("sends the tools, takes the recorded tool call, and sends the tool's result back", async () => {
    answer = (_request, response, index) =>
      sendJson(
        response,
        200,
        index === 0
          ? examples.ChatCompletionToolCall
          : { ...examples.ChatCompletionAligned, model: "nugen-flash-instruct", confidence_score: null },
      );
    const result = await generateText({
      model: provider()("nugen-flash-instruct"),
      prompt: examples.ChatRequestTools.messages[0]!.content as string,
      tools: { lookup_order: lookupOrder },
      stopWhen: isStepCount(2),
    });
    // The first request is the spec's own example of a request with tools.
    expect(bodyOf(0)).toEqual(examples.ChatRequestTools);
    expect(result.steps[0]?.toolCalls).toMatchObject([
      { toolCallId: "call_7b1f0c2e", toolName: "lookup_order", input: { order_number: "A-10293" } },
    ]);
    expect(result.steps[0]?.finishReason).toBe("tool-calls");
    expect(bodyOf(1).messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_7b1f0c2e",
            type: "function",
            function: { name: "lookup_order", arguments: '{"order_number":"A-10293"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_7b1f0c2e", content: '{"order_number":"A-10293","delivered":"2026-07-02"}' },
    ]);
    expect(result.text).toBe(examples.ChatCompletionAligned.choices[0]!.message.content);
  });

  it("maps each tool choice, and warns of the tools Nugen cannot take", async () => {
    answer = (request, response) =>
      sendJson(
        response,
        200,
        JSON.parse(request.body).tool_choice === "none"
          ? examples.ChatCompletionAligned
          : examples.ChatCompletionToolCall,
      );
    const model = provider()("nugen-flash-instruct");
    const tools = { lookup_order: lookupOrder };
    await generateText({ model, prompt: "Hi", tools, toolChoice: { type: "tool", toolName: "lookup_order" } });
    await generateText({ model, prompt: "Hi", tools, toolChoice: "required" });
    await generateText({ model, prompt: "Hi", tools, toolChoice: "none" });
    expect([0, 1, 2].map((index) => bodyOf(index).tool_choice)).toEqual([
      { type: "function", function: { name: "lookup_order" } },
      "required",
      "none",
    ]);
    const strict = await generateText({
      model,
      prompt: "Hi",
      tools: {
        lookup_order: tool({
          ...lookupOrderDefinition,
          strict: true,
          inputExamples: [{ input: { order_number: "A-1" } }],
        }),
      },
    });
    expect(strict.warnings?.map((warning) => warning.type === "unsupported" && warning.feature)).toEqual([
      "strict tools",
      "tool input examples",
    ]);
    expect(bodyOf(3).tools[0].function).not.toHaveProperty("strict");
  });

  it("streams the tool call's deltas: its input in pieces, then the whole call", async () => {
    answer = (_request, response) => sse(response, toolCallEvents());
    const result = streamText({
      model: provider()("nugen-flash-instruct"),
      prompt: "When was order A-10293 delivered?",
      tools: { lookup_order: lookupOrder },
    });
    const parts = [];
    for await (const part of result.fullStream) parts.push(part);
    const deltas = parts.flatMap((part) => (part.type === "tool-input-delta" ? [part.delta] : []));
    expect(deltas).toHaveLength(3);
    expect(deltas.join("")).toBe(
      examples.ChatCompletionToolCall.choices[0]!.message.tool_calls![0]!.function.arguments,
    );
    expect(parts.find((part) => part.type === "tool-input-start")).toMatchObject({
      id: "call_7b1f0c2e",
      toolName: "lookup_order",
    });
    expect(await result.toolCalls).toMatchObject([
      { toolCallId: "call_7b1f0c2e", toolName: "lookup_order", input: { order_number: "A-10293" } },
    ]);
    expect(await result.toolResults).toMatchObject([{ output: { order_number: "A-10293", delivered: "2026-07-02" } }]);
    expect(await result.finishReason).toBe("tool-calls");
    expect(await result.usage).toMatchObject({ inputTokens: 92, outputTokens: 18 });
  });

  it("a stream cut in the middle of a tool call's arguments is an error, not a call with half its input", async () => {
    answer = (_request, response) => sse(response, toolCallEvents().slice(0, 3), { done: false });
    const errors: unknown[] = [];
    const result = streamText({
      model: provider()("nugen-flash-instruct"),
      prompt: "When?",
      tools: { lookup_order: lookupOrder },
      onError: ({ error }) => void errors.push(error),
    });
    await result.consumeStream();
    expect(await result.toolCalls).toEqual([]);
    expect(await result.finishReason).toBe("error");
    expect((errors[0] as APICallError).message).toMatch(/^The stream ended before \[DONE\]/);
  });
});

describe("a stream with Nugen's own events", () => {
  const recordedStream = [
    examples.StreamPreludeEvent,
    examples.ChatChunkEvent,
    examples.ConfidenceEventExample,
    examples.ChatFinalChunkEvent,
    examples.TimingEventExample,
  ];

  it("keeps them out of the text and puts them in providerMetadata.nugen; includeRawChunks hands on every event", async () => {
    answer = (_request, response) => sse(response, recordedStream);
    const result = streamText({
      model: provider()("nugen-flash-instruct"),
      prompt: "Returns?",
      includeRawChunks: true,
    });
    const raw: unknown[] = [];
    for await (const part of result.fullStream) if (part.type === "raw") raw.push(part.rawValue);
    expect(await result.text).toBe(examples.ChatChunkEvent.choices[0]!.delta.content);
    expect((await result.providerMetadata)?.nugen).toEqual({
      confidenceScore: examples.ConfidenceEventExample.confidence_score,
      confidenceReadings: [examples.ConfidenceEventExample.confidence_score],
      timing: examples.TimingEventExample.timing,
      gpuTiming: examples.StreamPreludeEvent._timing,
    });
    expect(raw).toEqual(recordedStream);
    expect(bodyOf(0)).toMatchObject({ stream: true });
  });

  it("an error event is an error part with the event's message and body", async () => {
    answer = (_request, response) =>
      sse(response, [examples.ChatChunkEvent, examples.StreamErrorEventExample], { done: false });
    const errors: unknown[] = [];
    const result = streamText({
      model: provider()("nugen-flash-instruct"),
      prompt: "Returns?",
      onError: ({ error }) => void errors.push(error),
    });
    await result.consumeStream();
    expect(await result.finishReason).toBe("error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      message: `Error on the stream: ${examples.StreamErrorEventExample.error.message}`,
      data: examples.StreamErrorEventExample,
    });
  });
});

describe("Nugen's options, headers and images", () => {
  it("sends providerOptions.nugen: sessionId and provider as headers, body fields under the spec's names", async () => {
    answer = (_request, response) => sendJson(response, 200, examples.ChatCompletionAligned);
    const result = await generateText({
      model: provider().languageModel("llama-v3p2-3b-reasoning"),
      prompt: "Is 31 July too late?",
      headers: { "x-trace": "t-1" },
      reasoning: "high",
      maxOutputTokens: 100,
      topP: 0.9,
      providerOptions: { nugen: { sessionId: "s-42", provider: "fireworks", prompt_truncate_len: 800, stream: true } },
    });
    const [sent] = server.requests;
    expect(sent?.headers).toMatchObject({
      "x-session-id": "s-42",
      "x-provider": "fireworks",
      "x-trace": "t-1",
      authorization: `Bearer ${KEY}`,
    });
    expect(bodyOf(0)).toEqual({
      model: "llama-v3p2-3b-reasoning",
      messages: [{ role: "user", content: "Is 31 July too late?" }],
      max_tokens: 100,
      top_p: 0.9,
      reasoning: { effort: "high" },
      prompt_truncate_len: 800,
    });
    expect(result.warnings).toEqual([
      { type: "other", message: "providerOptions.nugen.stream is ignored: the provider sets stream itself." },
    ]);
    // Nugen's own reasoning options, whole, win over the AI SDK's level.
    await generateText({
      model: provider().chat("llama-v3p2-3b-reasoning"),
      prompt: "Hi",
      reasoning: "high",
      providerOptions: { nugen: { reasoning: examples.ChatRequestReasoning.reasoning } satisfies NugenChatOptions },
    });
    expect(bodyOf(1).reasoning).toEqual(examples.ChatRequestReasoning.reasoning);
  });

  it("an option the spec refuses is an InvalidArgumentError naming the field, and nothing is sent", async () => {
    answer = (_request, response) => sendJson(response, 200, examples.ChatCompletionAligned);
    const refused = await generateText({
      model: provider()("m"),
      prompt: "Hi",
      providerOptions: { nugen: { prompt_truncate_len: "long" } },
    }).catch((error: unknown) => error);
    expect(InvalidArgumentError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({
      argument: "body.prompt_truncate_len",
      message: expect.stringContaining("body.prompt_truncate_len must be integer"),
    });
    const badSession = await generateText({
      model: provider()("m"),
      prompt: "Hi",
      providerOptions: { nugen: { sessionId: 42 } },
    }).catch((error: unknown) => error);
    expect(badSession).toMatchObject({ argument: "providerOptions.nugen.sessionId" });
    expect(server.requests).toHaveLength(0);
  });

  it("sends an https image as its URL and image bytes as a data: URL; other files are refused before sending", async () => {
    answer = (_request, response) => sendJson(response, 200, examples.ChatCompletionAligned);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await generateText({
      model: provider()("qwen2-vl-2b-instruct"),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is on these labels?" },
            { type: "file", mediaType: "image/png", data: new URL("https://example.org/images/return-label.png") },
            { type: "file", mediaType: "image/png", data: png },
          ],
        },
      ],
    });
    expect(bodyOf(0).messages[0].content).toEqual([
      { type: "text", text: "What is on these labels?" },
      { type: "image_url", image_url: { url: "https://example.org/images/return-label.png" } },
      { type: "image_url", image_url: { url: `data:image/png;base64,${Buffer.from(png).toString("base64")}` } },
    ]);
    const pdf = await generateText({
      model: provider()("m"),
      messages: [
        {
          role: "user",
          content: [{ type: "file", mediaType: "application/pdf", data: new Uint8Array([37, 80, 68, 70]) }],
        },
      ],
    }).catch((error: unknown) => error);
    expect(UnsupportedFunctionalityError.isInstance(pdf)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});

describe("text completions", () => {
  it("write a conversation out as a transcript that ends in the assistant's turn, stopping at the next user turn", async () => {
    answer = (_request, response) => sendJson(response, 200, examples.CompletionExample);
    const result = await generateText({
      model: provider().completion("nugen-flash-instruct"),
      system: "You answer customers.",
      messages: [
        { role: "user", content: "Hello" },
        { role: "assistant", content: "Hi, how can I help?" },
        { role: "user", content: "Can I return an unopened item?" },
      ],
      stopSequences: ["\n\n"],
    });
    expect(bodyOf(0)).toEqual({
      model: "nugen-flash-instruct",
      prompt:
        "You answer customers.\n\nuser:\nHello\n\nassistant:\nHi, how can I help?\n\nuser:\nCan I return an unopened item?\n\nassistant:\n",
      stop: ["\nuser:", "\n\n"],
    });
    expect(result.text).toBe(examples.CompletionExample.choices[0]!.text);
    expect(result.usage).toMatchObject({ inputTokens: 7, outputTokens: 19 });
    const withTool = await generateText({
      model: provider().completion("m"),
      prompt: "Hi",
      tools: { lookup_order: lookupOrder },
    });
    expect(withTool.warnings).toEqual([expect.objectContaining({ type: "unsupported", feature: "tools" })]);
    expect(bodyOf(1)).not.toHaveProperty("tools");
  });
});

describe("errors and retries", () => {
  it("the AI SDK retries what the SDK's policy calls retryable (503, 429), once per attempt: the client adds none", async () => {
    answer = (_request, response, index) =>
      index < 2
        ? sendJson(response, index === 0 ? 503 : 429, { detail: "busy" }, { "retry-after-ms": "1" })
        : sendJson(response, 200, examples.ChatCompletionAligned);
    const result = await generateText({ model: provider()("m"), prompt: "Hi" });
    expect(result.text).toBe(examples.ChatCompletionAligned.choices[0]!.message.content);
    expect(server.requests).toHaveLength(3);
    // Always busy: the AI SDK's first try and its 2 retries, 3 requests (9 if the client retried too).
    server.requests.length = 0;
    answer = (_request, response) => sendJson(response, 503, { detail: "busy" }, { "retry-after-ms": "1" });
    const failed = await generateText({ model: provider()("m"), prompt: "Hi" }).catch((error: unknown) => error);
    expect(server.requests).toHaveLength(3);
    expect(RetryError.isInstance(failed)).toBe(true);
    expect((failed as RetryError).lastError).toMatchObject({ statusCode: 503, isRetryable: true, message: "503 busy" });
  });

  it("an error the policy does not retry is tried once: a 400, or a 503 the server says not to retry", async () => {
    answer = (_request, response) => sendJson(response, 400, { detail: "messages must not be empty" });
    const bad = await generateText({ model: provider()("m"), prompt: "Hi" }).catch((error: unknown) => error);
    expect(bad).toMatchObject({ statusCode: 400, isRetryable: false, message: "400 messages must not be empty" });
    answer = (_request, response) => sendJson(response, 503, { detail: "down" }, { "x-should-retry": "false" });
    const down = await generateText({ model: provider()("m"), prompt: "Hi" }).catch((error: unknown) => error);
    expect(down).toMatchObject({ statusCode: 503, isRetryable: false });
    expect(server.requests).toHaveLength(2);
  });

  it("a connection refused is a retryable APICallError without a status", async () => {
    const port = await closedPort();
    const refused = await generateText({
      model: createNugen({ apiKey: KEY, baseURL: `http://127.0.0.1:${port}` })("m"),
      prompt: "Hi",
      maxRetries: 0,
    }).catch((error: unknown) => error);
    expect(APICallError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({
      isRetryable: true,
      statusCode: undefined,
      url: `http://127.0.0.1:${port}/api/v3/inference/chat/completions`,
    });
    expect((refused as Error).message).toMatch(/connection refused/);
  });

  it("the key is in no error: not its message, body, headers or cause, even when the server echoes it", async () => {
    answer = (request, response) =>
      sendJson(
        response,
        401,
        { detail: `Invalid key: ${request.headers.authorization}` },
        { "www-authenticate": `Bearer ${KEY}` },
      );
    const error = await generateText({ model: provider()("m"), prompt: "Hi" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ statusCode: 401, message: "401 Invalid key: Bearer [redacted]" });
    expect(inspect(error, { depth: 8 })).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("errors of a client passed in are recognised too", async () => {
    answer = (_request, response) => sendJson(response, 404, { detail: "Model m not found" });
    const client = new Nugen({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    const missing = await generateText({ model: createNugen({ client })("m"), prompt: "Hi" }).catch(
      (error: unknown) => error,
    );
    expect(APICallError.isInstance(missing)).toBe(true);
    expect(missing).toMatchObject({ statusCode: 404, url: `${server.url}/api/v3/inference/chat/completions` });
  });
});

describe("the provider", () => {
  it("the default instance reads NUGEN_API_KEY and NUGEN_BASE_URL on its first call; without a key, a LoadAPIKeyError", async () => {
    answer = (_request, response) => sendJson(response, 200, examples.ChatCompletionAligned);
    const saved = { key: process.env.NUGEN_API_KEY, url: process.env.NUGEN_BASE_URL };
    try {
      delete process.env.NUGEN_API_KEY;
      const missing = await generateText({ model: createNugen({ baseURL: server.url })("m"), prompt: "Hi" }).catch(
        (error: unknown) => error,
      );
      expect(LoadAPIKeyError.isInstance(missing)).toBe(true);
      expect((missing as Error).message).toMatch(/NUGEN_API_KEY/);
      process.env.NUGEN_API_KEY = KEY;
      process.env.NUGEN_BASE_URL = server.url;
      await generateText({ model: defaultNugen("m"), prompt: "Hi" });
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    } finally {
      for (const [name, value] of [
        ["NUGEN_API_KEY", saved.key],
        ["NUGEN_BASE_URL", saved.url],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("names each model kind; an image model is the specification's NoSuchModelError", () => {
    const nugen = provider();
    expect(nugen.specificationVersion).toBe("v4");
    expect(
      [
        nugen("a"),
        nugen.languageModel("a"),
        nugen.chat("a"),
        nugen.completion("a"),
        nugen.embeddingModel("e"),
        nugen.embedding("e"),
        nugen.rerankingModel("r"),
        nugen.reranking("r"),
      ].map((model) => [model.provider, model.modelId, model.specificationVersion]),
    ).toEqual([
      ["nugen.chat", "a", "v4"],
      ["nugen.chat", "a", "v4"],
      ["nugen.chat", "a", "v4"],
      ["nugen.completion", "a", "v4"],
      ["nugen.embedding", "e", "v4"],
      ["nugen.embedding", "e", "v4"],
      ["nugen.reranking", "r", "v4"],
      ["nugen.reranking", "r", "v4"],
    ]);
    const error = (() => {
      try {
        return nugen.imageModel("dall-e");
      } catch (caught) {
        return caught;
      }
    })();
    expect(NoSuchModelError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ modelId: "dall-e", modelType: "imageModel" });
  });
});
