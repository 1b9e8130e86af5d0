/**
 * nugen/ai-sdk under the real `ai` package, against the sandbox: generateText and streamText
 * with a base model and with a deployed aligned model (its document's words and confidence),
 * text completions, embed, embedMany and rerank, and each way a call or a stream can fail
 * (a cut stream, an error event, abort, a model that does not exist or is not deployed).
 */
import { APICallError, embed, embedMany, generateText, type LanguageModel, rerank, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createNugen, type NugenMetadata, type NugenProvider } from "../src/ai-sdk/index.js";
import { APITimeoutError, Nugen } from "../src/index.js";
import { RETURNS_POLICY, startSandbox, type TestSandbox } from "./helpers/sandbox.js";
import { countingFetch } from "./helpers/server.js";

let t: TestSandbox;
let nugen: NugenProvider;
let client: Nugen;
let modelId: string;
const lines: string[] = [];
const counted = countingFetch();
const question = "Who pays the return label for a defective product?";
const ANSWER =
  "According to returns-policy.md: Defective products are returned at our expense: we e-mail a prepaid return label.";

beforeAll(async () => {
  t = await startSandbox({ tokensPerSecond: 0, log: (line) => lines.push(line) });
  nugen = createNugen({ apiKey: "nk-ai-sdk-sandbox", baseURL: t.url, fetch: counted.fetch });
  client = new Nugen({ apiKey: "nk-ai-sdk-sandbox", baseUrl: t.url, maxRetries: 0 });
  // An aligned model on the fake clock: its project is READY and its deployment done at once.
  const documentId = await t.document("returns-policy.md", RETURNS_POLICY);
  const created = await t.json("/api/v3/alignment-project/create", {
    method: "POST",
    body: JSON.stringify({ name: "AI SDK returns", base_model: "nugen-flash-instruct", document_ids: [documentId] }),
  });
  t.advance(10_000);
  modelId = (await t.json(`/api/v3/alignment-project/status/${created.alignment_id}`)).data.model_id;
  await t.json(`/api/v3/models/deploy-model/${encodeURIComponent(modelId)}`, { method: "POST" });
  t.advance(3_000);
});
afterAll(() => t?.close());

const nugenMetadata = (metadata: unknown) => (metadata as { nugen: NugenMetadata }).nugen;

/** Every part of a streamText call, and what the stream's text and finish reason came to. */
async function streamed(
  model: LanguageModel,
  options: { headers?: Record<string, string>; abortSignal?: AbortSignal } = {},
) {
  const errors: unknown[] = [];
  const result = streamText({ model, prompt: question, ...options, onError: ({ error }) => void errors.push(error) });
  const parts = [];
  for await (const part of result.fullStream) parts.push(part);
  return { parts, errors, text: await result.text, finishReason: await result.finishReason };
}

describe("generateText and streamText", () => {
  it("a base model answers: text, finish reason, usage, the response's id, model and time, and no confidence", async () => {
    const result = await generateText({
      model: nugen("nugen-flash-instruct"),
      system: "Answer in one sentence.",
      prompt: "Hello there",
      include: { requestBody: true },
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toMatchObject({ inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
    expect(result.usage.totalTokens).toBe((result.usage.inputTokens ?? 0) + (result.usage.outputTokens ?? 0));
    expect(result.response).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-nugen-flash-instruct-/),
      modelId: "nugen-flash-instruct",
      timestamp: new Date(t.now() - (t.now() % 1000)),
    });
    expect(result.response.headers).toMatchObject({ "content-type": expect.stringContaining("application/json") });
    expect(result.request.body).toMatchObject({
      model: "nugen-flash-instruct",
      messages: [
        { role: "system", content: "Answer in one sentence." },
        { role: "user", content: "Hello there" },
      ],
    });
    expect(nugenMetadata(result.providerMetadata).confidenceScore).toBeUndefined();
    expect(nugenMetadata(result.providerMetadata).timing).toMatchObject({ throughput_tokens_per_second: 200 });
  });

  it("a deployed aligned model answers from its document, with the answer's confidence score", async () => {
    const result = await generateText({ model: nugen(modelId), prompt: question });
    const direct = await client.chat.completions.create({
      model: modelId,
      messages: [{ role: "user", content: question }],
    });
    expect(result.text).toBe(ANSWER);
    expect(direct.confidence_score).toEqual(expect.any(Number));
    expect(nugenMetadata(result.providerMetadata)).toMatchObject({
      confidenceScore: direct.confidence_score,
      confidenceReadings: [direct.confidence_score],
    });
    expect(result.usage).toMatchObject({
      inputTokens: direct.usage?.prompt_tokens,
      outputTokens: direct.usage?.completion_tokens,
    });
  });

  it("streams the aligned model's answer: the text from content chunks only, confidence readings and timing in the finish", async () => {
    const direct = await (
      await client.chat.completions.create({
        model: modelId,
        messages: [{ role: "user", content: question }],
        stream: true,
      })
    ).finalChatCompletion();
    const { parts, text, finishReason, errors } = await streamed(nugen(modelId));
    expect(errors).toEqual([]);
    expect(text).toBe(ANSWER);
    expect(finishReason).toBe("stop");
    const deltas = parts.flatMap((part) => (part.type === "text-delta" ? [part.text] : []));
    expect(deltas.length).toBeGreaterThan(10);
    // Nugen's other events (`_timing`, confidence, timing) never reach the text.
    expect(deltas.join("")).not.toMatch(/confidence|timing|\{/);
    const finish = parts.find((part) => part.type === "finish-step");
    const metadata = nugenMetadata(finish?.type === "finish-step" ? finish.providerMetadata : undefined);
    // A reading about every ten tokens, the last one the answer's confidence.
    expect(metadata.confidenceReadings?.length).toBeGreaterThan(1);
    expect(metadata.confidenceScore).toBe(direct.confidence_score);
    expect(metadata.confidenceScore).toBe(metadata.confidenceReadings?.at(-1));
    expect(metadata.timing).toMatchObject({ throughput_tokens_per_second: 200 });
    expect(metadata.gpuTiming).toEqual({ gpu_processing_seconds: expect.any(Number) });
    expect(finish?.type === "finish-step" && finish.usage).toMatchObject({
      inputTokens: (direct.usage as { prompt_tokens: number }).prompt_tokens,
      outputTokens: (direct.usage as { completion_tokens: number }).completion_tokens,
    });
    expect(finish?.type === "finish-step" && finish.response).toMatchObject({
      id: direct.id,
      modelId: "nugen-flash-instruct",
    });
  });

  it("a conversation goes as messages: the model answers its last user turn", async () => {
    const result = await generateText({
      model: nugen(modelId),
      messages: [
        { role: "user", content: "How long do I have to return an unopened item?" },
        { role: "assistant", content: "Within 30 days of delivery." },
        { role: "user", content: "When are refunds issued?" },
      ],
      include: { requestBody: true },
    });
    expect(result.text).toContain("Refunds are issued within 5 business days");
    expect((result.request.body as { messages: unknown[] }).messages).toEqual([
      { role: "user", content: "How long do I have to return an unopened item?" },
      { role: "assistant", content: "Within 30 days of delivery." },
      { role: "user", content: "When are refunds issued?" },
    ]);
  });

  it("settings Nugen's chat does not take come back as warnings; those it takes are sent", async () => {
    const result = await generateText({
      model: nugen(modelId),
      prompt: question,
      stopSequences: ["."],
      seed: 7,
      topK: 20,
      maxOutputTokens: 4,
      temperature: 0.2,
      include: { requestBody: true },
    });
    expect(
      result.warnings?.map((warning) => (warning.type === "unsupported" ? warning.feature : warning.type)),
    ).toEqual(["stopSequences", "seed"]);
    expect(result.request.body).toMatchObject({ top_k: 20, max_tokens: 4, temperature: 0.2 });
    expect(result.request.body).not.toHaveProperty("stop");
    expect(result.text).toBe("According to returns-policy.md: Defective");
    expect(result.finishReason).toBe("length");
  });
});

describe("text completions", () => {
  it("nugen.completion() continues a prompt, with stop sequences and maxOutputTokens; streamed the same", async () => {
    const model = nugen.completion(modelId);
    const result = await generateText({
      model,
      prompt: "Defective products:",
      maxOutputTokens: 6,
      include: { requestBody: true },
    });
    expect(result.text).toBe(" According to returns-policy.md: Defective products are");
    expect(result.finishReason).toBe("length");
    expect(result.request.body).toEqual({ model: modelId, prompt: "Defective products:", max_tokens: 6 });
    const stream = streamText({ model, prompt: "Defective products:", maxOutputTokens: 6 });
    expect(await stream.text).toBe(result.text);
    expect(nugenMetadata(await stream.providerMetadata).confidenceScore).toEqual(expect.any(Number));
    const stopped = await generateText({ model, prompt: "Defective products:", stopSequences: [":"], topK: 3 });
    expect(stopped.text).toBe(" According to returns-policy.md");
    expect(stopped.warnings?.map((warning) => warning.type === "unsupported" && warning.feature)).toEqual(["topK"]);
  });
});

describe("embed, embedMany and rerank", () => {
  it("embeds one value and many, in order, with dimensions from the call or the provider options", async () => {
    const model = nugen.embeddingModel("nomic-embed-text-v1.5");
    const values = ["Refunds take 5 days.", "Returns take 30 days.", "Labels are prepaid."];
    const many = await embedMany({ model, values, dimensions: 16 });
    const direct = await client.embeddings.create({ model: "nomic-embed-text-v1.5", input: values, dimensions: 16 });
    expect(many.embeddings).toEqual(direct.data.map((item) => item.embedding));
    expect(many.usage.tokens).toBe(direct.usage?.prompt_tokens);
    const one = await embed({
      model: nugen.embedding("nomic-embed-text-v1.5"),
      value: values[1]!,
      providerOptions: { nugen: { dimensions: 8 } },
    });
    expect(one.embedding).toHaveLength(8);
    expect(one.embedding).toEqual(
      (await client.embeddings.create({ model: "nomic-embed-text-v1.5", input: values[1]!, dimensions: 8 })).data[0]
        ?.embedding,
    );
  });

  it("embedMany splits a list longer than maxEmbeddingsPerCall into calls of that size", async () => {
    const model = nugen.embeddingModel("nomic-embed-text-v1.5");
    const values = Array.from({ length: (model.maxEmbeddingsPerCall as number) + 1 }, (_, index) => `value ${index}`);
    const before = counted.calls();
    const { embeddings } = await embedMany({ model, values, dimensions: 2 });
    expect(counted.calls() - before).toBe(2);
    expect(embeddings).toHaveLength(values.length);
    expect(embeddings.at(-1)).toEqual(
      (await client.embeddings.create({ model: "nomic-embed-text-v1.5", input: values.at(-1)!, dimensions: 2 })).data[0]
        ?.embedding,
    );
  });

  it("reranks strings with topN, and objects with Nugen's method and cross-encoder from the provider options", async () => {
    const documents = ["Returns take 30 days.", "Refunds take 5 days.", "Labels are prepaid."];
    const best = await rerank({
      model: nugen.rerankingModel("nomic-embed-text-v1.5"),
      query: "refunds",
      documents,
      topN: 1,
    });
    expect(best.ranking.map((entry) => entry.originalIndex)).toEqual([1]);
    expect(best.rerankedDocuments).toEqual(["Refunds take 5 days."]);
    const objects = documents.map((text, id) => ({ id, text }));
    const ranked = await rerank({
      model: nugen.reranking("nomic-embed-text-v1.5"),
      query: "prepaid labels",
      documents: objects,
      providerOptions: { nugen: { method: "standard", model_cross: "BAAI/bge-reranker-v2-m3" } },
    });
    expect(ranked.rerankedDocuments[0]).toEqual({ id: 2, text: "Labels are prepaid." });
    expect(ranked.providerMetadata?.nugen).toMatchObject({
      meta: { method: "standard", model_cross: "BAAI/bge-reranker-v2-m3" },
    });
  });
});

describe("failures", () => {
  it("a stream cut before its end is an error part and finish reason error, never a short answer that looks whole", async () => {
    const { parts, errors, text, finishReason } = await streamed(nugen(modelId), {
      headers: { "x-sandbox-stream-cut-after": "6" },
    });
    expect(finishReason).toBe("error");
    expect(text.length).toBeLessThan(ANSWER.length);
    expect(errors).toHaveLength(1);
    expect(APICallError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as APICallError).message).toMatch(/^The stream broke off before \[DONE\]/);
    expect((errors[0] as APICallError).statusCode).toBeUndefined();
    expect(parts.map((part) => part.type).slice(-3)).toEqual(["error", "finish-step", "finish"]);
  });

  it("an error event is an APICallError with the event's message", async () => {
    const { errors, finishReason } = await streamed(nugen(modelId), {
      headers: { "x-sandbox-stream-error-after": "6" },
    });
    expect(finishReason).toBe("error");
    expect((errors[0] as APICallError).message).toMatch(/^Error on the stream: Generation failed/);
    expect(JSON.parse((errors[0] as APICallError).responseBody ?? "null")).toMatchObject({
      error: { message: expect.stringMatching(/^Generation failed/) },
    });
    expect((errors[0] as APICallError).isRetryable).toBe(false);
  });

  it("a stalled stream times out after timeoutMs: a retryable APICallError, and the connection is closed", async () => {
    const impatient = createNugen({ apiKey: "nk-ai-sdk-sandbox", baseURL: t.url, timeoutMs: 300 });
    const { errors, finishReason } = await streamed(impatient(modelId), {
      headers: { "x-sandbox-stream-stall-after": "6" },
    });
    expect(finishReason).toBe("error");
    expect(errors[0]).toMatchObject({ isRetryable: true, message: expect.stringMatching(/timed out after 300 ms/) });
    expect((errors[0] as APICallError).cause).toBeInstanceOf(APITimeoutError);
    await vi.waitFor(() => expect(lines.at(-1)).toMatch(/closed by the client after 6 of \d+ events$/));
  });

  it("abort stops the stream and closes the connection", async () => {
    const controller = new AbortController();
    const result = streamText({
      model: nugen(modelId),
      prompt: question,
      abortSignal: controller.signal,
      headers: { "x-sandbox-tokens-per-second": "50" },
    });
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === "text-delta") controller.abort();
    }
    expect(types.at(-1)).toBe("abort");
    expect(types.filter((type) => type === "text-delta")).toHaveLength(1);
    await vi.waitFor(() => expect(lines.at(-1)).toMatch(/closed by the client after \d+ of \d+ events$/));
  });

  it("a model that does not exist is a 404 APICallError, not retried; one not deployed a 400", async () => {
    const before = counted.calls();
    const missing = await generateText({ model: nugen("no-such-model"), prompt: "Hello" }).catch(
      (error: unknown) => error,
    );
    expect(counted.calls() - before).toBe(1);
    expect(APICallError.isInstance(missing)).toBe(true);
    expect(missing).toMatchObject({
      statusCode: 404,
      isRetryable: false,
      message: "404 Model no-such-model not found",
      url: `${t.url}/api/v3/inference/chat/completions`,
    });
    expect(JSON.parse((missing as APICallError).responseBody ?? "null")).toEqual({
      detail: "Model no-such-model not found",
    });
    expect((missing as APICallError).requestBodyValues).toMatchObject({ model: "no-such-model" });
    // Last, as it leaves the aligned model undeployed.
    await client.models.undeploy(modelId);
    const undeployed = await generateText({ model: nugen(modelId), prompt: "Hello" }).catch((error: unknown) => error);
    expect(undeployed).toMatchObject({
      statusCode: 400,
      isRetryable: false,
      message: `400 Model ${modelId} is not deployed. Deploy it first.`,
    });
  });
});
