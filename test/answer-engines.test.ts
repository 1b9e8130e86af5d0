/**
 * nugen.answerEngines: the multipart creation (files in every form documents.upload takes,
 * S3 sources as repeated parts, at least one source before anything is sent), the answer
 * unwrapped; and on the sandbox, an engine built from the Kestrel handbook whose answers
 * quote it, in a thread.
 */
import { createReadStream, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { APIError, Nugen, RequestValidationError, toFile } from "../src/index.js";
import { createSandbox, type Sandbox } from "../src/sandbox/index.js";
import { formDataOf, sendJson, startServer, type TestServer } from "./helpers/server.js";

const HANDBOOK_PATH = fileURLToPath(new URL("../examples/data/kestrel-support-handbook.md", import.meta.url));
const HANDBOOK = readFileSync(HANDBOOK_PATH, "utf8");
const engine = { answer_engine_id: "ae_1", status: "ready", document_count: 2, chunk_count: 9, error_message: null };
const models = {
  answer_engine_name: "Kestrel",
  model_llm: "nugen-flash-instruct",
  model_embedding: "qwen3-embedding-8b",
};

let server: TestServer | undefined;
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await server?.close();
  await sandbox?.close();
  server = sandbox = undefined;
});

async function scripted(): Promise<Nugen> {
  server = await startServer((_req, res) => sendJson(res, 200, { data: engine }));
  return new Nugen({ apiKey: "nk-test-engines-0123456789", baseUrl: server.url, maxRetries: 0 });
}

describe("answerEngines.create", () => {
  it("sends each file as a documents part, in every form documents.upload takes, and the fields beside them", async () => {
    const nugen = await scripted();
    const created = await nugen.answerEngines.create({
      ...models,
      model_reranker: "bge-reranker-v2-m3",
      temperature: 0.1,
      max_tokens: 300,
      documents: [
        new File(["A file."], "a.md"),
        new Blob(["A blob."], { type: "text/markdown" }),
        createReadStream(HANDBOOK_PATH),
        await toFile("Made with toFile.", "d.txt"),
      ],
      s3_uris: ["s3://bucket/a.md", "s3://bucket/b.md"],
      s3_prefix: "s3://bucket/more/",
    });
    expect(created).toEqual(engine);
    const form = await formDataOf(server!.requests[0]!);
    expect(server!.requests[0]!.path).toBe("/api/v3/answer-engine");
    const files = form.getAll("documents") as File[];
    expect(files.map((file) => file.name)).toEqual(["a.md", "upload.md", "kestrel-support-handbook.md", "d.txt"]);
    expect(await Promise.all(files.map((file) => file.text()))).toEqual([
      "A file.",
      "A blob.",
      HANDBOOK,
      "Made with toFile.",
    ]);
    expect(form.getAll("s3_uris")).toEqual(["s3://bucket/a.md", "s3://bucket/b.md"]);
    expect(
      Object.fromEntries(
        [
          "answer_engine_name",
          "model_llm",
          "model_embedding",
          "model_reranker",
          "temperature",
          "max_tokens",
          "s3_prefix",
        ].map((name) => [name, form.get(name)]),
      ),
    ).toEqual({
      ...models,
      model_reranker: "bge-reranker-v2-m3",
      temperature: "0.1",
      max_tokens: "300",
      s3_prefix: "s3://bucket/more/",
    });
  });

  it("takes one file or one S3 URI without a list", async () => {
    const nugen = await scripted();
    await nugen.answerEngines.create({ ...models, documents: new File(["One."], "one.md") });
    await nugen.answerEngines.create({ ...models, s3_uris: "s3://bucket/one.md" });
    expect(((await formDataOf(server!.requests[0]!)).getAll("documents") as File[]).map((file) => file.name)).toEqual([
      "one.md",
    ]);
    expect((await formDataOf(server!.requests[1]!)).getAll("s3_uris")).toEqual(["s3://bucket/one.md"]);
  });

  it("refuses an engine without any source, or with a bad field, before sending anything", async () => {
    const nugen = await scripted();
    const error = await nugen.answerEngines
      .create({ ...models, documents: [], s3_uris: [] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).issues).toEqual([
      {
        field: "body.documents",
        message: "or body.s3_uris or body.s3_prefix is required: an answer engine needs at least one source",
      },
    ]);
    await expect(nugen.answerEngines.create({ ...models, model_llm: "", s3_prefix: "s3://b/" })).rejects.toThrow(
      "body.model_llm must not be empty",
    );
    await expect(nugen.answerEngines.create({ ...models, documents: [new Map() as never] })).rejects.toThrow(
      "body.documents[0] must be a File, Blob, fs.ReadStream or the result of toFile() (got a Map)",
    );
    expect(server!.requests).toHaveLength(0);
  });

  it("a creation answered without its id may have taken effect", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { data: { status: "ready" } }));
    const nugen = new Nugen({ apiKey: "nk-test-engines-0123456789", baseUrl: server.url });
    const error = await nugen.answerEngines
      .create({ ...models, s3_prefix: "s3://b/" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).mayHaveTakenEffect).toBe(true);
  });
});

describe("answer engines on the sandbox", () => {
  it("builds an engine from the Kestrel handbook and answers from it, quoting it, in a thread", async () => {
    sandbox = await createSandbox({ log: false });
    const nugen = new Nugen({ apiKey: "nk-test-engines-0123456789", baseUrl: sandbox.url });
    const created = await nugen.answerEngines.create({
      ...models,
      model_reranker: "bge-reranker-v2-m3",
      documents: createReadStream(HANDBOOK_PATH),
    });
    expect(created).toMatchObject({ status: "ready", document_count: 1, error_message: null });
    expect(created.chunk_count).toBeGreaterThan(20);

    const answer = await nugen.answerEngines.chat(created.answer_engine_id, {
      query: "Who pays for the return shipping of a bike?",
      mode: "agentic",
    });
    const quoted =
      "Kestrel pays return shipping: book the pickup with the carrier PaketPlus, free of charge, within 5 business days.";
    expect(HANDBOOK).toContain(quoted.replace(/\.$/, ""));
    expect(answer.answer).toContain(quoted);
    expect(answer.answer).toMatch(/^According to kestrel-support-handbook\.md: /);
    expect(answer.metadata).toMatchObject({ sources: ["kestrel-support-handbook.md"] });

    const followUp = await nugen.answerEngines.chat(created.answer_engine_id, {
      query: "And when do I get my refund?",
      mode: "agentic",
      conv_thread_id: answer.conv_thread_id,
    });
    expect(followUp.conv_thread_id).toBe(answer.conv_thread_id);
    // Searched with the question before it, the follow-up finds the returns section.
    expect(followUp.rewritten_query).toBe(
      "And when do I get my refund? (following up on Who pays for the return shipping of a bike?)",
    );
    expect(followUp.answer).toContain("Customers may return a bike within 30 days of delivery for a full refund.");

    const found = await nugen.answerEngines.retrieve(created.answer_engine_id, {
      query: "E04 controller fault",
      top_k: 3,
    });
    expect(found.documents.length).toBeGreaterThan(0);
    expect(found.documents.length).toBeLessThanOrEqual(3);
    expect(found.documents[0]?.content).toContain("E04");

    const prompt = await nugen.answerEngines.updateSystemPrompt(created.answer_engine_id, {
      prompt_name: "concise",
      prompt_text: "Answer in one sentence.",
    });
    const withPrompt = await nugen.answerEngines.chat(created.answer_engine_id, {
      query: "What is the warranty on the frame?",
      prompt_id: prompt.prompt_id,
    });
    expect(withPrompt).toMatchObject({ prompt_id: prompt.prompt_id, prompt_name: "concise" });
    expect(withPrompt.answer).toContain(
      "Warranty needs the frame number (stamped under the bottom bracket, format KB and eight digits) and the invoice.",
    );
  });
});
