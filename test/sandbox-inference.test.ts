/**
 * Sandbox inference over real HTTP: deterministic answers from an aligned model's documents,
 * refusals while it is not deployed, the live API's stream events in order, paced tokens,
 * the stream faults, a client that leaves mid-stream, embeddings and reranking.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSandboxApp } from "../src/sandbox/app.js";
import type { SandboxOptions } from "../src/sandbox/index.js";
import { RETURNS_POLICY, startSandbox, type TestSandbox } from "./helpers/sandbox.js";

let t: TestSandbox;
afterEach(async () => {
  await t?.close();
  // A test that starts no sandbox (app.request) leaves none to close.
  t = undefined as unknown as TestSandbox;
});

const CHAT = "/api/v3/inference/chat/completions";
const COMPLETIONS = "/api/v3/inference/completions";
const EMBEDDINGS = "/api/v3/inference/embeddings";
const RERANK = "/api/v3/inference/reranker";
const QUESTION = "How many days do I have to return an unopened item?";
/** Words of RETURNS_POLICY that no question here uses. */
const DOCUMENT_WORDS = /receipt|order number|delivery/;

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  t.call(path, { method: "POST", body: JSON.stringify(body), headers });
const postJson = (path: string, body: unknown, headers?: Record<string, string>) =>
  t.json(path, { method: "POST", body: JSON.stringify(body), headers });
const ask = (model: string, content = QUESTION, extra: object = {}) => ({
  model,
  messages: [{ role: "user", content }],
  ...extra,
});
const modelPath = (kind: "deploy" | "undeploy", id: string) => `/api/v3/models/${kind}-model/${encodeURIComponent(id)}`;

/** A READY project made from the returns policy, and its model (not deployed). */
async function alignedModel(name = "Returns assistant"): Promise<{ modelId: string; documentId: string }> {
  const documentId = await t.document("returns-policy.md", RETURNS_POLICY);
  const created = await postJson("/api/v3/alignment-project/create", {
    name,
    base_model: "llama-v3p2-3b-reasoning",
    document_ids: [documentId],
  });
  t.advance(10_000);
  const status = await t.json(`/api/v3/alignment-project/status/${created.alignment_id}`);
  return { modelId: status.data.model_id, documentId };
}

async function deployedModel(): Promise<{ modelId: string; documentId: string }> {
  const model = await alignedModel();
  await t.json(modelPath("deploy", model.modelId), { method: "POST" });
  t.advance(3_000);
  return model;
}

/** The events of a whole stream, parsed (`[DONE]` kept as the string). */
async function streamOf(response: Response): Promise<any[]> {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  return parseEvents(await response.text());
}

function parseEvents(text: string): any[] {
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => block.slice("data: ".length))
    .map((data) => (data === "[DONE]" ? data : JSON.parse(data)));
}

/** Reads a stream as it comes: the events so far, and how the body ended (or that it has not). */
function follow(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const state = { text: "", ended: undefined as undefined | "done" | Error };
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return void (state.ended = "done");
        state.text += decoder.decode(value, { stream: true });
      }
    } catch (error) {
      state.ended = error as Error;
    }
  })();
  return {
    events: () => parseEvents(state.text),
    ended: () => state.ended,
    cancel: () => reader.cancel(),
  };
}

/** The content a chat stream assembles. */
const contentOf = (events: any[]) =>
  events
    .filter((event) => event.object === "chat.completion.chunk")
    .map((event) => event.choices[0]?.delta?.content ?? "")
    .join("");

/** A sandbox whose log lines are kept, streaming as fast as possible unless asked otherwise. */
async function sandboxWithLog(options: SandboxOptions = {}): Promise<string[]> {
  const lines: string[] = [];
  t = await startSandbox({ tokensPerSecond: 0, ...options, log: (line) => lines.push(line) });
  return lines;
}

describe("sandbox inference: answers", () => {
  it("answers the same prompt with the same text, in the live API's shape", async () => {
    t = await startSandbox();
    const { modelId } = await deployedModel();
    const first = await postJson(CHAT, ask(modelId));
    t.advance(5_000);
    const second = await postJson(CHAT, ask(modelId));
    expect(second.choices).toEqual(first.choices);
    expect(second.confidence_score).toBe(first.confidence_score);
    const created = Math.floor(t.now() / 1000);
    expect(second).toMatchObject({
      id: `chatcmpl-${modelId}-${created}`,
      object: "chat.completion",
      created,
      // As the live API does, an aligned model's answer names its base model.
      model: "llama-v3p2-3b-reasoning",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            refusal: null,
            annotations: null,
            audio: null,
            function_call: null,
            tool_calls: null,
          },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 11,
        completion_tokens: expect.any(Number),
        completion_tokens_details: null,
        prompt_tokens_details: null,
      },
      timing: {
        ttft_seconds: expect.any(Number),
        throughput_tokens_per_second: 200,
        total_seconds: expect.any(Number),
      },
      confidence: null,
      service_tier: null,
      system_fingerprint: "sandbox-default",
    });
    expect(second.usage.completion_tokens).toBe(second.choices[0].message.content.split(/\s+/).length);
    expect(second.usage.total_tokens).toBe(second.usage.prompt_tokens + second.usage.completion_tokens);
    const base = [await postJson(CHAT, ask("nugen-flash-instruct")), await postJson(CHAT, ask("nugen-flash-instruct"))];
    expect(base[1].choices[0].message.content).toBe(base[0].choices[0].message.content);
  });

  it("an aligned model answers from its document's passages, with a confidence; a base model has none of the document's words", async () => {
    t = await startSandbox();
    const { modelId } = await deployedModel();
    const aligned = await postJson(CHAT, ask(modelId));
    expect(aligned.choices[0].message.content).toBe(
      "According to returns-policy.md: Unopened items can be returned within 30 days of delivery with the receipt or order number.",
    );
    expect(aligned.confidence_score).toBeGreaterThan(60);
    expect(aligned.confidence_score).toBeLessThanOrEqual(100);
    const unrelated = await postJson(CHAT, ask(modelId, "What is the capital of France?"));
    expect(unrelated.choices[0].message.content).toBe(
      "The documents I was aligned on (returns-policy.md) say nothing about capital france.",
    );
    expect(unrelated.confidence_score).toBeLessThan(aligned.confidence_score);

    const base = await postJson(CHAT, ask("nugen-flash-instruct"));
    const content = base.choices[0].message.content;
    expect(content).not.toMatch(DOCUMENT_WORDS);
    expect(content).toMatch(/without domain documents/);
    // It names the question's topic.
    expect(content).toContain("many days return unopened item");
    expect(base).not.toHaveProperty("confidence_score");
    expect(base.model).toBe("nugen-flash-instruct");
  });

  it("answers from the documents that remain when one is deleted, and says so when none does", async () => {
    t = await startSandbox();
    const shipping = await t.document(
      "shipping.md",
      "Orders ship within 2 business days from the warehouse in Lyon.\nExpress delivery arrives the next business day.\n",
    );
    const returns = await t.document("returns-policy.md", RETURNS_POLICY);
    const created = await postJson("/api/v3/alignment-project/create", {
      name: "Two documents",
      base_model: "nugen-flash-instruct",
      document_ids: [returns, shipping],
    });
    t.advance(10_000);
    const { model_id: modelId } = (await t.json(`/api/v3/alignment-project/status/${created.alignment_id}`)).data;
    await t.json(modelPath("deploy", modelId), { method: "POST" });
    t.advance(3_000);
    const answer = async (question: string) =>
      (await postJson(CHAT, ask(modelId, question))).choices[0].message.content;
    expect(await answer("Where is the warehouse that ships orders?")).toBe(
      "According to shipping.md: Orders ship within 2 business days from the warehouse in Lyon.",
    );
    await t.json(`/api/v3/documents/${shipping}`, { method: "DELETE" });
    expect(await answer("Where is the warehouse that ships orders?")).not.toContain("Lyon");
    await t.json(`/api/v3/documents/${returns}`, { method: "DELETE" });
    expect(await answer(QUESTION)).toMatch(/^The documents I was aligned on are no longer available/);
  });

  it("the seed's deployed model answers at once, from its own domain", async () => {
    t = await startSandbox();
    const answer = await postJson(CHAT, ask("alignment-xyz789-deployed", "How long do refunds take?"));
    expect(answer.choices[0].message.content).toContain("Refunds are issued within 5 business days");
    expect(answer.model).toBe("nugen-flash-instruct");
    expect(answer.confidence_score).toEqual(expect.any(Number));
  });

  it("refuses an aligned model until it is deployed, and again once undeployed; an unknown model is 404", async () => {
    t = await startSandbox();
    const { modelId } = await alignedModel();
    const notDeployed = { detail: `Model ${modelId} is not deployed. Deploy it first.` };
    const refused = await post(CHAT, ask(modelId));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual(notDeployed);
    await t.json(modelPath("deploy", modelId), { method: "POST" });
    expect(await (await post(COMPLETIONS, { model: modelId, prompt: "Returns:" })).json()).toEqual(notDeployed);
    t.advance(3_000);
    expect((await post(CHAT, ask(modelId))).status).toBe(200);
    expect((await post(COMPLETIONS, { model: modelId, prompt: "Returns:" })).status).toBe(200);
    await t.json(modelPath("undeploy", modelId), { method: "DELETE" });
    expect((await post(CHAT, ask(modelId))).status).toBe(400);
    t.advance(2_000);
    expect((await post(CHAT, ask(modelId, QUESTION, { stream: true }))).status).toBe(400);

    for (const [path, body] of [
      [CHAT, ask("-no_such-model")],
      [COMPLETIONS, { model: "-no_such-model", prompt: "Hi" }],
      [EMBEDDINGS, { model: "-no_such-model", input: "Hi" }],
      [RERANK, { model: "-no_such-model", query: "q", documents: ["a"] }],
    ] as const) {
      const response = await post(path, body);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ detail: "Model -no_such-model not found" });
    }
  });

  it("cuts an answer at max_tokens (finish_reason length) and a completion at a stop sequence", async () => {
    t = await startSandbox();
    const { modelId } = await deployedModel();
    const cut = await postJson(CHAT, ask(modelId, QUESTION, { max_tokens: 4 }));
    expect(cut.choices[0]).toMatchObject({
      message: { content: "According to returns-policy.md: Unopened" },
      finish_reason: "length",
    });
    expect(cut.usage.completion_tokens).toBe(4);
    const two = await postJson(CHAT, ask(modelId, QUESTION, { n: 2, max_tokens: 4 }));
    expect(two.choices.map((choice: any) => choice.index)).toEqual([0, 1]);
    expect(two.usage.completion_tokens).toBe(8);

    // Text completions: 16 tokens by default, a leading space, one choice per prompt.
    const text = await postJson(COMPLETIONS, { model: modelId, prompt: ["How long do refunds take?", QUESTION] });
    expect(text).toMatchObject({
      object: "text_completion",
      id: `chatcmpl-${modelId}-${Math.floor(t.now() / 1000)}`,
      confidence: null,
    });
    expect(text.choices.map((choice: any) => [choice.index, choice.finish_reason])).toEqual([
      [0, "length"],
      [1, "length"],
    ]);
    expect(text.choices[1].text).toBe(
      " According to returns-policy.md: Unopened items can be returned within 30 days of delivery with the receipt",
    );
    const stopped = await postJson(COMPLETIONS, {
      model: modelId,
      prompt: QUESTION,
      max_tokens: 100,
      stop: ["30 days"],
    });
    expect(stopped.choices[0]).toMatchObject({
      text: " According to returns-policy.md: Unopened items can be returned within",
      finish_reason: "stop",
    });
  });

  it("takes X-Session-ID and X-Provider: the provider shows in system_fingerprint, both in the log; refuses an empty one", async () => {
    const lines = await sandboxWithLog();
    const answer = await postJson(CHAT, ask("nugen-flash-instruct"), {
      "x-session-id": "support-chat-2f9d41",
      "x-provider": "fireworks",
    });
    expect(answer.system_fingerprint).toBe("sandbox-fireworks");
    expect(lines.at(-1)).toMatch(
      /POST \/api\/v3\/inference\/chat\/completions 200 .* model=nugen-flash-instruct session-id=support-chat-2f9d41 provider=fireworks$/,
    );
    const refused = await post(CHAT, ask("nugen-flash-instruct"), { "x-session-id": "s".repeat(257) });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({
      detail: [
        { loc: ["header", "x-session-id"], msg: "String should have at most 256 characters", type: "string_too_long" },
      ],
    });
  });
});

describe("sandbox inference: streams", () => {
  it("sends the live API's events in order: _timing, role, tokens with confidence readings, final chunk, timing, [DONE], usage", async () => {
    await sandboxWithLog();
    const { modelId } = await deployedModel();
    const whole = await postJson(CHAT, ask(modelId, "How long do refunds take?"));
    const events = await streamOf(await post(CHAT, ask(modelId, "How long do refunds take?", { stream: true })));

    expect(events[0]).toEqual({ _timing: { gpu_processing_seconds: expect.any(Number) } });
    expect(events[1]).toMatchObject({
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
    });
    const done = events.indexOf("[DONE]");
    expect(done).toBe(events.length - 2);
    expect(events[done - 1]).toEqual({ object: "timing", timing: whole.timing });
    const final = events[done - 2];
    expect(final).toMatchObject({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: whole.usage });
    expect(events[done + 1]).toMatchObject({
      id: whole.id,
      object: "chat.completion.chunk",
      choices: [],
      usage: whole.usage,
    });

    expect(contentOf(events)).toBe(whole.choices[0].message.content);
    const chunks = events.slice(2, done - 2).filter((event) => event.object === "chat.completion.chunk");
    for (const chunk of chunks)
      expect(chunk).toMatchObject({
        id: whole.id,
        created: whole.created,
        model: whole.model,
        choices: [{ index: 0, finish_reason: null }],
      });
    // One chunk per token, and a few empty deltas (one after each sentence).
    const tokens = chunks.filter((chunk) => chunk.choices[0].delta.content !== "");
    expect(tokens).toHaveLength(whole.usage.completion_tokens);
    expect(chunks.length - tokens.length).toBe(whole.choices[0].message.content.match(/[.!?](\s|$)/g).length);

    // A confidence reading every ten tokens, the last one the answer's confidence.
    const readings: number[] = [];
    let tokensSince = 0;
    for (const event of events.slice(2, done - 2)) {
      if (event.object === "confidence") {
        readings.push(event.confidence_score);
        expect(tokensSince).toBeLessThanOrEqual(10);
        tokensSince = 0;
      } else if (event.choices?.[0]?.delta?.content) tokensSince++;
    }
    expect(tokensSince).toBe(0);
    expect(readings.length).toBe(Math.ceil(whole.usage.completion_tokens / 10));
    expect(readings.at(-1)).toBe(whole.confidence_score);
    for (const reading of readings) expect(reading).toBeGreaterThanOrEqual(0);

    const base = await streamOf(await post(CHAT, ask("nugen-flash-instruct", QUESTION, { stream: true })));
    expect(base.filter((event) => event.object === "confidence")).toEqual([]);
    expect(base[0]).toHaveProperty("_timing");
    expect(base.at(-2)).toBe("[DONE]");
  });

  it("streams a text completion as text_completion chunks", async () => {
    t = await startSandbox({ tokensPerSecond: 0 });
    const { modelId } = await deployedModel();
    const whole = await postJson(COMPLETIONS, { model: modelId, prompt: QUESTION, max_tokens: 8 });
    const events = await streamOf(
      await post(COMPLETIONS, { model: modelId, prompt: QUESTION, max_tokens: 8, stream: true }),
    );
    const chunks = events.filter((event) => event.object === "text_completion" && event.choices.length > 0);
    expect(chunks.map((chunk) => chunk.choices[0].text).join("")).toBe(whole.choices[0].text);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ text: "", finish_reason: "length" }], usage: whole.usage });
    expect(events.filter((event) => event.object === "confidence").map((event) => event.confidence_score)).toEqual([
      whole.confidence_score,
    ]);
    expect(events.slice(-3)).toEqual([
      { object: "timing", timing: whole.timing },
      "[DONE]",
      expect.objectContaining({ choices: [], usage: whole.usage }),
    ]);
  });

  it("paces tokens at the sandbox's rate, or the request's x-sandbox-tokens-per-second", async () => {
    const waits: number[] = [];
    t = await startSandbox({ tokensPerSecond: 50, sleep: async (ms) => void waits.push(ms) });
    const ten = await streamOf(
      await post(CHAT, ask("nugen-flash-instruct", QUESTION, { stream: true, max_tokens: 10 })),
    );
    // One wait per token, none for the other events.
    expect(waits).toEqual(Array(10).fill(20));
    expect(ten.find((event) => event.object === "timing").timing.throughput_tokens_per_second).toBe(50);
    waits.length = 0;
    const fast = await streamOf(
      await post(CHAT, ask("nugen-flash-instruct", QUESTION, { stream: true, max_tokens: 4 }), {
        "x-sandbox-tokens-per-second": "8",
      }),
    );
    expect(waits).toEqual([125, 125, 125, 125]);
    expect(fast.find((event) => event.object === "timing").timing).toMatchObject({ throughput_tokens_per_second: 8 });
    waits.length = 0;
    await streamOf(
      await post(CHAT, ask("nugen-flash-instruct", QUESTION, { stream: true }), { "x-sandbox-tokens-per-second": "0" }),
    );
    expect(waits).toEqual([]);
  });

  it("x-sandbox-stream-cut-after: N closes the connection after N events, without [DONE]", async () => {
    const lines = await sandboxWithLog();
    const response = await post(CHAT, ask("nugen-flash-instruct", QUESTION, { stream: true }), {
      "x-sandbox-stream-cut-after": "5",
    });
    const stream = follow(response);
    await vi.waitFor(() => expect(stream.ended()).toBeInstanceOf(Error));
    expect(stream.events()).toHaveLength(5);
    expect(stream.events()).not.toContain("[DONE]");
    expect(lines.at(-1)).toMatch(/ stream req_\S+ cut by the sandbox after 5 of \d+ events$/);
  });

  it("x-sandbox-stream-error-after: N sends an error event after N events, then ends", async () => {
    const lines = await sandboxWithLog();
    const events = await streamOf(
      await post(CHAT, ask("nugen-flash-instruct", QUESTION, { stream: true }), {
        "x-sandbox-stream-error-after": "3",
      }),
    );
    expect(events).toHaveLength(4);
    expect(events[3]).toEqual({
      error: { message: expect.stringMatching(/^Generation failed/), type: "server_error" },
    });
    expect(lines.at(-1)).toMatch(/ended with an error event after 3 of \d+ events$/);
  });

  it("x-sandbox-stream-stall-after: N stops after N events with the connection open, and notices the client leave", async () => {
    const lines = await sandboxWithLog();
    const stream = follow(
      await post(CHAT, ask("nugen-flash-instruct", QUESTION, { stream: true }), {
        "x-sandbox-stream-stall-after": "2",
      }),
    );
    await vi.waitFor(() => expect(lines.at(-1)).toMatch(/stalled after 2 of \d+ events$/));
    await vi.waitFor(() => expect(stream.events()).toHaveLength(2));
    expect(stream.ended()).toBeUndefined();
    await stream.cancel();
    await vi.waitFor(() => expect(lines.at(-1)).toMatch(/closed by the client after 2 of \d+ events$/));
  });

  it("streams through app.request too (a web ReadableStream), faults included", async () => {
    const { app } = createSandboxApp({ log: false, tokensPerSecond: 0 });
    const request = (headers: Record<string, string> = {}) =>
      app.request("/api/v3/inference/chat/completions", {
        method: "POST",
        headers: { authorization: "Bearer k", "content-type": "application/json", ...headers },
        body: JSON.stringify(ask("nugen-flash-instruct", QUESTION, { stream: true })),
      });
    const response = await request();
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    const events = await streamOf(response);
    expect(events.at(-2)).toBe("[DONE]");
    expect(await streamOf(await request({ "x-sandbox-stream-error-after": "1" }))).toEqual([
      events[0],
      expect.objectContaining({ error: expect.any(Object) }),
    ]);
    await expect((await request({ "x-sandbox-stream-cut-after": "1" })).text()).rejects.toThrow(/cut the stream/);
  });

  it("stops writing when the client closes the stream mid-way", async () => {
    const waits: (() => void)[] = [];
    // Each token waits until the test lets it go.
    const lines = await sandboxWithLog({
      tokensPerSecond: 10,
      sleep: () => new Promise<void>((resolve) => waits.push(resolve)),
    });
    const controller = new AbortController();
    const response = await t.call(CHAT, {
      method: "POST",
      body: JSON.stringify(ask("nugen-flash-instruct", QUESTION, { stream: true })),
      signal: controller.signal,
    });
    const stream = follow(response);
    // _timing and the role chunk, then the first token waits.
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    waits[0]?.();
    await vi.waitFor(() => expect(stream.events()).toHaveLength(3));
    await vi.waitFor(() => expect(waits).toHaveLength(2));
    controller.abort();
    await vi.waitFor(() => expect(lines.at(-1)).toMatch(/ stream req_\S+ closed by the client after 3 of \d+ events$/));
    // The waits it was in ends with the client gone; no token is waited for (or written) after.
    waits[1]?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(waits).toHaveLength(2);
    expect(lines.filter((line) => line.includes(" stream "))).toHaveLength(1);
  });
});

describe("sandbox inference: embeddings and reranking", () => {
  const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  const cosine = (a: number[], b: number[]) =>
    a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0) / (norm(a) * norm(b));

  it("embeds deterministically, at the requested dimensions, in input order, not unit length", async () => {
    t = await startSandbox();
    const texts = [
      "Unopened items can be returned within 30 days.",
      "Unopened items can be returned within 30 days of delivery.",
      "The warehouse is in Lyon.",
    ];
    const answer = await postJson(EMBEDDINGS, { model: "nomic-embed-text-v1.5", input: texts });
    expect(answer).toMatchObject({
      object: "list",
      model: "nomic-embed-text-v1.5",
      usage: { prompt_tokens: 23, total_tokens: 23 },
      created: t.now() / 1000,
    });
    expect(answer.data.map((item: any) => [item.object, item.index, item.embedding.length, item.raw_output])).toEqual([
      ["embedding", 0, 768, null],
      ["embedding", 1, 768, null],
      ["embedding", 2, 768, null],
    ]);
    const [a, b, c] = answer.data.map((item: any) => item.embedding);
    for (const vector of [a, b, c]) expect(Math.abs(norm(vector) - 1)).toBeGreaterThan(0.001);
    // Texts that share words point alike.
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c) + 0.3);

    const again = await postJson(EMBEDDINGS, { model: "nomic-embed-text-v1.5", input: texts[0], dimensions: 64 });
    expect(again.data).toHaveLength(1);
    // The same text, the same vector: a shorter one is its start.
    expect(again.data[0].embedding).toEqual(a.slice(0, 64));

    const tooLong = await post(EMBEDDINGS, { model: "nomic-embed-text-v1.5", input: "x", dimensions: 769 });
    expect(tooLong.status).toBe(400);
    const chatModel = await post(EMBEDDINGS, { model: "nugen-flash-instruct", input: "x" });
    expect(await chatModel.json()).toEqual({ detail: "Model nugen-flash-instruct does not support embeddings." });
  });

  it("reranks by relevance, best first, honouring top_n, return_documents and the two-stage methods", async () => {
    t = await startSandbox();
    const documents = [
      "Unopened items can be returned within 30 days of delivery.",
      { text: "Refunds are issued within 5 business days of receiving the return.", source: "returns-policy.md" },
      "Defective products are returned at our expense with a prepaid label.",
      "The warehouse is in Lyon.",
    ];
    const ranked = await postJson(RERANK, {
      model: "nomic-embed-text-v1.5",
      query: "How long do refunds take?",
      documents,
    });
    expect(ranked.results.map((result: any) => result.index)).toEqual([1, 0, 2, 3]);
    expect(ranked.results[0].relevance_score).toBeGreaterThan(ranked.results[1].relevance_score);
    for (const result of ranked.results) expect(result).not.toHaveProperty("document");
    expect(ranked.meta).toEqual({ method: "fast", model: "nomic-embed-text-v1.5", documents: 4 });

    const top = await postJson(RERANK, {
      model: "nomic-embed-text-v1.5",
      query: "Who pays for a defective product return?",
      documents,
      top_n: 2,
      return_documents: true,
    });
    expect(top.results).toHaveLength(2);
    expect(top.results[0]).toEqual({ index: 2, relevance_score: expect.any(Number), document: documents[2] });
    expect(top.results[1].document).toEqual(documents[top.results[1].index]);

    const twoStage = await postJson(RERANK, {
      model: "nomic-embed-text-v1.5",
      query: "refunds",
      documents,
      method: "standard",
      model_cross: "BAAI/bge-reranker-v2-m3",
      stage1_top_k: 1,
    });
    expect(twoStage.results).toEqual([{ index: 1, relevance_score: expect.any(Number) }]);
    expect(twoStage.meta).toMatchObject({
      method: "standard",
      model_cross: "BAAI/bge-reranker-v2-m3",
      stage1_top_k: 1,
    });
    const noCross = await post(RERANK, { model: "nomic-embed-text-v1.5", query: "q", documents, method: "standard" });
    expect(noCross.status).toBe(422);
  });
});
