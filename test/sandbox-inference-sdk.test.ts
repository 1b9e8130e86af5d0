/**
 * The SDK against the sandbox's inference, end to end: a streamed chat with an aligned model
 * assembles its document's words and confidence, and each stream fault reaches the caller as
 * the SDK's error for it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { APIError, APITimeoutError, Nugen, StreamInterruptedError } from "../src/index.js";
import { RETURNS_POLICY, startSandbox, type TestSandbox } from "./helpers/sandbox.js";

let t: TestSandbox;
let nugen: Nugen;
let modelId: string;
const lines: string[] = [];

beforeAll(async () => {
  t = await startSandbox({ tokensPerSecond: 0, log: (line) => lines.push(line) });
  nugen = new Nugen({ apiKey: "nk-sandbox-any", baseUrl: t.url, maxRetries: 0 });
  const documentId = await t.document("returns-policy.md", RETURNS_POLICY);
  const created = await t.json("/api/v3/alignment-project/create", {
    method: "POST",
    body: JSON.stringify({ name: "SDK returns", base_model: "nugen-flash-instruct", document_ids: [documentId] }),
  });
  t.advance(10_000);
  modelId = (await t.json(`/api/v3/alignment-project/status/${created.alignment_id}`)).data.model_id;
  await t.json(`/api/v3/models/deploy-model/${encodeURIComponent(modelId)}`, { method: "POST" });
  t.advance(3_000);
});
afterAll(() => t?.close());

const messages = [{ role: "user" as const, content: "Who pays the return label for a defective product?" }];
const withHeader = (name: string, value: string) => ({ headers: { [name]: value } });

describe("the SDK on the sandbox's inference", () => {
  it("streams an aligned model's answer: finalChatCompletion() holds the document's words and a confidence_score", async () => {
    const stream = await nugen.chat.completions.create({ model: modelId, messages, stream: true });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe(
      "According to returns-policy.md: Defective products are returned at our expense: we e-mail a prepaid return label.",
    );
    expect(final.choices[0]?.finish_reason).toBe("stop");
    expect(final.confidence_score).toEqual(expect.any(Number));
    expect(stream.gpuTiming).toEqual({ gpu_processing_seconds: expect.any(Number) });
    expect(stream.timing).toMatchObject({ throughput_tokens_per_second: 200 });
    // The same answer as JSON.
    const whole = await nugen.chat.completions.create({ model: modelId, messages });
    expect(whole.choices[0]?.message?.content).toBe(final.choices[0]?.message.content);
    expect(final.confidence_score).toBe(whole.confidence_score);
    expect(final.usage).toMatchObject({
      prompt_tokens: whole.usage?.prompt_tokens,
      completion_tokens: whole.usage?.completion_tokens,
    });
  });

  it("streams a text completion, and embeds and reranks", async () => {
    const completion = await (
      await nugen.completions.create({ model: modelId, prompt: "Defective products:", max_tokens: 6, stream: true })
    ).finalCompletion();
    expect(completion.choices[0]).toMatchObject({
      text: " According to returns-policy.md: Defective products are",
      finish_reason: "length",
    });
    const embeddings = await nugen.embeddings.create({
      model: "nomic-embed-text-v1.5",
      input: ["a", "b"],
      dimensions: 16,
    });
    expect(embeddings.data.map((item) => item.embedding?.length)).toEqual([16, 16]);
    const ranked = await nugen.rerank.create({
      model: "nomic-embed-text-v1.5",
      query: "refunds",
      documents: ["Returns take 30 days.", "Refunds take 5 days."],
    });
    expect(ranked.results.map((result) => result.index)).toEqual([1, 0]);
  });

  it("a cut stream is a StreamInterruptedError", async () => {
    const stream = await nugen.chat.completions.create(
      { model: modelId, messages, stream: true },
      withHeader("x-sandbox-stream-cut-after", "4"),
    );
    await expect(stream.finalChatCompletion()).rejects.toBeInstanceOf(StreamInterruptedError);
  });

  it("an error event is an APIError with the event's message", async () => {
    const stream = await nugen.chat.completions.create(
      { model: modelId, messages, stream: true },
      withHeader("x-sandbox-stream-error-after", "4"),
    );
    const error = await stream.finalChatCompletion().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toMatch(/^Error on the stream: Generation failed/);
  });

  it("a stalled stream is an APITimeoutError, and the sandbox sees the client leave", async () => {
    const stream = await nugen.chat.completions.create(
      { model: modelId, messages, stream: true },
      { timeoutMs: 300, ...withHeader("x-sandbox-stream-stall-after", "4") },
    );
    await expect(stream.finalChatCompletion()).rejects.toBeInstanceOf(APITimeoutError);
    await vi.waitFor(() => expect(lines.at(-1)).toMatch(/closed by the client after 4 of \d+ events$/));
  });

  it("an aligned model that is not deployed is refused with the live API's message", async () => {
    await nugen.models.undeploy(modelId);
    const error = await nugen.chat.completions.create({ model: modelId, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as APIError).message).toContain(`Model ${modelId} is not deployed. Deploy it first.`);
  });
});
