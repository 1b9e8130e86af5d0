/** Sandbox benchmarks: generated from the documents' own text, or uploaded. */
import { afterEach, describe, expect, it } from "vitest";
import { RETURNS_POLICY, startSandbox, type TestSandbox } from "./helpers/sandbox.js";

let t: TestSandbox;
afterEach(() => t?.close());

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]{5,}/g) ?? []);

describe("sandbox benchmarks: generated", () => {
  it("makes questions from the document's own sentences, the sentence being the answer", async () => {
    t = await startSandbox({ benchmarkSeconds: 5 });
    const documentId = await t.document("returns-policy.md", RETURNS_POLICY);
    const created = await t.json("/api/v3/benchmark/create", {
      method: "POST",
      body: JSON.stringify({ documents: [documentId], num_questions: 4 }),
    });
    expect(created).toEqual({ benchmark_id: expect.stringMatching(/^benchmark_/), status: "PROCESSING" });
    const id = created.benchmark_id;

    expect(await t.json(`/api/v3/benchmark/status/${id}`)).toMatchObject({
      benchmark_id: id,
      status: "PROCESSING",
      end_time: null,
    });
    expect(await t.json(`/api/v3/benchmark/${id}/data`)).toMatchObject({
      status: "PROCESSING",
      questions: [],
      num_questions: 4,
    });
    t.advance(5_000);
    expect(await t.json(`/api/v3/benchmark/status/${id}`)).toMatchObject({
      status: "READY",
      benchmark_name: "Benchmark from returns-policy.md",
      end_time: expect.any(String),
    });

    const data = await t.json(`/api/v3/benchmark/${id}/data`);
    expect(data).toMatchObject({
      benchmark_id: id,
      status: "READY",
      num_questions: 4,
      document_ids: [documentId],
      source: "database",
      error: null,
    });
    expect(data.questions).toHaveLength(4);
    const policyWords = words(RETURNS_POLICY);
    for (const [index, question] of data.questions.entries()) {
      expect(question).toEqual({
        question_num: index + 1,
        question: expect.stringMatching(/\?$|"$/),
        answer: expect.any(String),
        image_url: null,
      });
      expect(RETURNS_POLICY.replace(/\n/g, " ")).toContain(question.answer.replace(/\.$/, ""));
      expect([...words(question.question)].filter((word) => policyWords.has(word)).length).toBeGreaterThan(0);
    }
    expect(data.questions[0].question).toBe("What does returns-policy.md say about unopened items?");
    expect(data.questions[0].answer).toBe(
      "Unopened items can be returned within 30 days of delivery with the receipt or order number.",
    );
  });

  it("is deterministic: the same document gives the same questions", async () => {
    t = await startSandbox();
    const documentId = await t.document("returns-policy.md", RETURNS_POLICY);
    const first = await t.benchmark([documentId], 7);
    const second = await t.benchmark([documentId], 7);
    const questions = async (id: string) => (await t.json(`/api/v3/benchmark/${id}/data`)).questions;
    expect(await questions(first)).toEqual(await questions(second));
    // More questions than sentences: the same sentences are asked a second way.
    expect((await questions(first)).at(-1).question).toMatch(/^Fill in the blank, from returns-policy.md: ".*____.*"$/);
  });

  it("fails a benchmark when the documents hold no usable sentence", async () => {
    t = await startSandbox();
    const documentId = await t.document("numbers.csv", "1,2\n3,4\n");
    const id = await t.benchmark([documentId], 3);
    expect(await t.json(`/api/v3/benchmark/${id}/data`)).toMatchObject({
      status: "FAILED",
      error: expect.stringMatching(/No questions could be generated/),
    });
  });

  it("refuses documents that are unknown or not processed yet with 400", async () => {
    t = await startSandbox();
    const unknown = await t.call("/api/v3/benchmark/create", {
      method: "POST",
      body: JSON.stringify({ documents: ["doc_NOPE"], num_questions: 2 }),
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ detail: "Documents not found or not accessible: doc_NOPE" });
    const { document_ids } = await (await t.upload([{ name: "new.md", content: RETURNS_POLICY }])).json();
    // The upload id is not a document id; the document is not processed yet either.
    expect(
      (
        await t.call("/api/v3/benchmark/create", {
          method: "POST",
          body: JSON.stringify({ documents: [document_ids[0]], num_questions: 2 }),
        })
      ).status,
    ).toBe(400);
  });
});

describe("sandbox benchmarks: uploaded", () => {
  const file = JSON.stringify([
    { question_num: 1, question: "How long is the return window?", answer: "30 days from delivery." },
    { question: "Who pays for returning a defective product?", answer: "The store." },
  ]);
  const upload = (content: string, documentId: string) => {
    const form = new FormData();
    form.append("file", new Blob([content]), "qa.json");
    form.append("name", "Returns QA (hand-written)");
    form.append("document_id", documentId);
    form.append("description", "Written by the support team.");
    return t.call("/api/v3/benchmark/upload", { method: "POST", body: form });
  };

  it("is READY at once with the uploaded questions; lists show it UPLOADED", async () => {
    t = await startSandbox();
    const documentId = await t.document("returns-policy.md", RETURNS_POLICY);
    const response = await upload(file, documentId);
    const created = await response.json();
    expect(created).toEqual({ benchmark_id: expect.stringMatching(/^benchmark_/), status: "READY" });
    const data = await t.json(`/api/v3/benchmark/${created.benchmark_id}/data`);
    expect(data).toMatchObject({
      benchmark_name: "Returns QA (hand-written)",
      status: "READY",
      num_questions: 2,
      document_ids: [documentId],
      metadata: { description: "Written by the support team." },
    });
    expect(data.questions[1]).toEqual({
      question_num: 2,
      question: "Who pays for returning a defective product?",
      answer: "The store.",
      image_url: null,
    });
    const { benchmarks } = await t.json("/api/v3/benchmark/list");
    expect(benchmarks).toEqual([
      expect.objectContaining({
        benchmark_id: created.benchmark_id,
        status: "UPLOADED",
        documents: [documentId],
        num_questions: 2,
      }),
    ]);
  });

  it("refuses a file that is not a list of questions, and an unknown document, with 400", async () => {
    t = await startSandbox();
    const documentId = await t.document("returns-policy.md", RETURNS_POLICY);
    const notJson = await upload("question: answer", documentId);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ detail: "Invalid benchmark file: the file is not valid JSON." });
    expect((await (await upload('[{"question": "only a question"}]', documentId)).json()).detail).toBe(
      'Invalid benchmark file: item 1 needs a "question" and an "answer" string.',
    );
    expect((await upload(file, "doc_NOPE")).status).toBe(400);
    expect((await t.json("/api/v3/benchmark/list")).benchmarks).toEqual([]);
  });
});
