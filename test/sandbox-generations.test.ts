/**
 * The sandbox's two API generations: which routes a sandbox of each serves (the other's
 * answering 404 as unknown routes), its public OpenAPI description, one state behind both,
 * and the 2026-09 routes' recorded behaviour, quirks included, on the sandbox's fake clock.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type OperationId, operations } from "../generated/operations.js";
import { RETURNS_POLICY, startSandbox, type TestSandbox } from "./helpers/sandbox.js";

let t: TestSandbox;
afterEach(() => t?.close());

const UNKNOWN_ROUTE = '{"detail":"Not Found"}';
const ID_2609 = (prefix: string) => new RegExp(`^${prefix}[0-9A-Z]{16}$`);
const BASE = "nugen-flash-instruct";
const KESTREL = readFileSync(new URL("../examples/data/kestrel-support-handbook.md", import.meta.url), "utf8");

/** A 2026-09 upload: one `files` part per file, and the text fields given. */
function upload2609(files: { name: string; content: string }[], fields: Record<string, string[]> = {}) {
  const form = new FormData();
  for (const file of files) form.append("files", new Blob([file.content]), file.name);
  for (const [name, values] of Object.entries(fields)) for (const value of values) form.append(name, value);
  return t.call("/api/v3/documents/create", { method: "POST", body: form });
}

/** Uploads one file through the 2026-09 route and waits until it is READY. */
async function document2609(name: string, content: string): Promise<string> {
  const { document_ids } = await (await upload2609([{ name, content }])).json();
  t.advance(2_000);
  expect(await t.json(`/api/v3/documents/${document_ids[0]}/status`)).toEqual({ status: "READY", progress: 100 });
  return document_ids[0];
}

const post = (path: string, body: unknown) => t.call(path, { method: "POST", body: JSON.stringify(body) });
const postJson = (path: string, body: unknown) => t.json(path, { method: "POST", body: JSON.stringify(body) });

/** A READY 2026-09 benchmark of `count` samples made from the documents. */
async function benchmark2609(documentIds: string[], count = 4): Promise<string> {
  const { benchmark_id } = await postJson("/api/v3/benchmarks/create", {
    document_ids: documentIds,
    n_samples: count,
    benchmark_name: "Returns QA",
  });
  t.advance(2_000);
  return benchmark_id;
}

const project2609 = (body: Record<string, unknown>) =>
  postJson("/api/v3/alignment-projects/create", { base_model_id: BASE, ...body });
const servedPaths = (document: { paths: Record<string, Record<string, { operationId: string }>> }) =>
  Object.values(document.paths)
    .flatMap((item) => Object.values(item).map((operation) => operation.operationId))
    .sort();
const operationsOf = (generation: "2026-07" | "2026-09" | undefined) =>
  (Object.keys(operations) as OperationId[]).filter((id) => {
    const own = (operations[id] as { generation?: string }).generation;
    return !generation || !own || own === generation;
  });

describe("sandbox generations: which routes it serves", () => {
  it("serves both generations by default, and says so in /openapi-public.json without a key", async () => {
    t = await startSandbox();
    const response = await fetch(`${t.url}/openapi-public.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document).toMatchObject({ openapi: "3.1.0", "x-nugen-generations": ["2026-07", "2026-09"] });
    expect(servedPaths(document)).toEqual(operationsOf(undefined).sort());
    expect(document.paths["/api/v3/alignment-projects/create"].post.operationId).toBe("createAlignmentProject2609");
    expect(document.paths["/api/v3/alignment-project/create"].post).toEqual({
      operationId: "createAlignmentProject",
      deprecated: true,
    });
    expect((await t.call("/api/v3/alignment-projects/list?limit=1")).status).toBe(200);
    expect((await t.call("/api/v3/benchmark/list")).status).toBe(200);
  });

  it("with generation 2026-07, answers the 2026-09 routes as unknown ones and leaves them out of its description", async () => {
    t = await startSandbox({ generation: "2026-07" });
    const document = await (await fetch(`${t.url}/openapi-public.json`)).json();
    expect(servedPaths(document)).toEqual(operationsOf("2026-07").sort());
    expect(document.paths["/api/v3/alignment-projects/create"]).toBeUndefined();
    expect(document.paths["/api/v3/models/deploy-model/{model_id}"]).toBeDefined();
    // What detection asks, and a POST of the other generation: exactly FastAPI's unknown route.
    for (const [path, method] of [
      ["/api/v3/alignment-projects/list?limit=1", "GET"],
      ["/api/v3/documents/create", "POST"],
      ["/api/v3/evaluations/create", "POST"],
      ["/api/v3/models/x/deployment", "DELETE"],
      ["/api/v3/evaluations/eval_1", "GET"],
    ] as const) {
      const response = await t.call(path, { method, ...(method === "POST" ? { body: "{}" } : {}) });
      expect([path, response.status, await response.text()]).toEqual([path, 404, UNKNOWN_ROUTE]);
    }
    // Shared routes and its own answer.
    expect((await t.json("/api/v3/models/aligned")).domain_aligned_models[0]).toHaveProperty("id");
    expect((await t.json("/api/v3/models/base")).models[0]).not.toHaveProperty("model_id");
    expect((await t.call("/api/v3/benchmark/list")).status).toBe(200);
  });

  it("with generation 2026-09, answers the 2026-07 routes as unknown ones, and the shared lists in 2026-09 fields", async () => {
    t = await startSandbox({ generation: "2026-09" });
    const document = await (await fetch(`${t.url}/openapi-public.json`)).json();
    expect(servedPaths(document)).toEqual(operationsOf("2026-09").sort());
    expect(document["x-nugen-generations"]).toEqual(["2026-09"]);
    expect((await t.call("/api/v3/alignment-projects/list?limit=1")).status).toBe(200);
    for (const [path, method] of [
      ["/api/v3/alignment-project/create", "POST"],
      ["/api/v3/documents", "POST"],
      ["/api/v3/documents", "GET"],
      ["/api/v3/evaluations/eval_1", "DELETE"],
      ["/api/v3/models/deploy-model/m", "POST"],
    ] as const) {
      const response = await t.call(path, { method, ...(method === "POST" ? { body: "{}" } : {}) });
      expect([path, response.status, await response.text()]).toEqual([path, 404, UNKNOWN_ROUTE]);
    }
    const aligned = (await t.json("/api/v3/models/aligned")).domain_aligned_models;
    expect(Object.keys(aligned[0]).sort()).toEqual([
      "alignment_id",
      "base_model_id",
      "deployment_status",
      "model_id",
      "model_name",
    ]);
    const base = (await t.json("/api/v3/models/base")).models;
    expect(Object.keys(base[0]).sort()).toEqual([
      "alignment_ready",
      "available_on_request",
      "model_id",
      "model_name",
      "parameters",
      "type",
    ]);
    expect(base.find((model: any) => model.model_id === BASE)).toMatchObject({ type: "llm", alignment_ready: true });
  });

  it("tries a fixed path before a parameter: /models/aligned is not a model, /documents/list not a document", async () => {
    t = await startSandbox();
    expect((await t.json("/api/v3/models/aligned")).domain_aligned_models.length).toBeGreaterThan(0);
    expect((await t.json("/api/v3/models/base")).models.length).toBeGreaterThan(0);
    expect(await t.json("/api/v3/documents/list")).toEqual({ documents: [] });
    expect((await t.call("/api/v3/models/no_such_model")).status).toBe(404);
  });

  it("answers the public description with the sandbox's faults, and the rest still needs a key", async () => {
    t = await startSandbox();
    expect(
      (await fetch(`${t.url}/openapi-public.json`, { headers: { "x-sandbox-fail-rate": "1" } })).status,
    ).toBeGreaterThanOrEqual(500);
    expect((await fetch(`${t.url}/api/v3/alignment-projects/list`)).status).toBe(401);
  });
});

describe("sandbox generations: one state behind both", () => {
  it("gives a 2026-09 upload its final document_ id, which both generations' routes know", async () => {
    t = await startSandbox();
    const response = await upload2609([{ name: "returns-policy.md", content: RETURNS_POLICY }], {
      names: ["Returns policy"],
      categories: ["support"],
    });
    expect(response.status).toBe(200);
    const { document_ids } = await response.json();
    expect(document_ids).toEqual([expect.stringMatching(ID_2609("document_"))]);
    const [id] = document_ids;
    expect(await t.json(`/api/v3/documents/${id}/status`)).toEqual({ status: "PROCESSING", progress: 0 });
    t.advance(1_000);
    expect(await t.json(`/api/v3/documents/${id}/status`)).toEqual({ status: "PROCESSING", progress: 50 });
    t.advance(1_000);
    expect(await t.json(`/api/v3/documents/${id}/status`)).toEqual({ status: "READY", progress: 100 });
    // The 2026-07 route resolves it to itself: no other id.
    expect(await t.json(`/api/v3/documents/${id}`)).toEqual({ status: "READY", document_id: id });
    expect((await t.json("/api/v3/documents")).documents).toEqual([
      expect.objectContaining({ id, filename: "returns-policy.md", categories: ["support"] }),
    ]);
    expect((await t.json("/api/v3/documents/list")).documents).toEqual([
      {
        document_id: id,
        document_name: "Returns policy",
        file_name: "returns-policy.md",
        status: "READY",
        categories: ["support"],
        size: RETURNS_POLICY.length,
        created_at: expect.any(String),
      },
    ]);
  });

  it("keeps a 2026-07 upload's upload id → doc_ mapping, and lists it on 2026-09 by its doc_ id", async () => {
    t = await startSandbox();
    const id = await t.document("returns-policy.md", RETURNS_POLICY);
    expect(id).toMatch(/^doc_/);
    expect((await t.json("/api/v3/documents/list")).documents).toEqual([
      expect.objectContaining({ document_id: id, document_name: "returns-policy.md" }),
    ]);
    expect(await t.json(`/api/v3/documents/${id}/status`)).toEqual({ status: "READY", progress: 100 });
  });

  it("refuses a file name uploaded before with 409 naming that document, whichever route uploaded it", async () => {
    t = await startSandbox();
    const first = await document2609("returns-policy.md", RETURNS_POLICY);
    const again = await upload2609([{ name: "returns-policy.md", content: "Other words, the same name." }]);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      detail: { document_id: first, message: "A document named 'returns-policy.md' has already been uploaded." },
    });
    const legacy = await t.upload([
      { name: "warranty.md", content: "Warranty: two years on the frame and the motor." },
    ]);
    const { document_ids } = await legacy.json();
    t.advance(2_000);
    const { document_id: legacyId } = await t.json(`/api/v3/documents/${document_ids[0]}`);
    const same = await upload2609([{ name: "warranty.md", content: "Warranty, again." }]);
    expect(await same.json()).toEqual({
      detail: { document_id: legacyId, message: "A document named 'warranty.md' has already been uploaded." },
    });
    // A refused upload keeps nothing.
    expect((await t.json("/api/v3/documents/list")).documents).toHaveLength(2);
  });

  it("refuses a 2026-09 document id with 404 in benchmark and project creates until it is READY", async () => {
    t = await startSandbox();
    const { document_ids } = await (await upload2609([{ name: "returns-policy.md", content: RETURNS_POLICY }])).json();
    const [id] = document_ids;
    for (const [path, body] of [
      ["/api/v3/benchmarks/create", { document_ids: [id] }],
      ["/api/v3/alignment-projects/create", { alignment_name: "Early", base_model_id: BASE, document_ids: [id] }],
    ] as const) {
      const refused = await post(path, body);
      expect(refused.status, path).toBe(404);
      expect(await refused.json()).toMatchObject({ detail: { document_id: id } });
    }
    t.advance(2_000);
    expect((await post("/api/v3/benchmarks/create", { document_ids: [id] })).status).toBe(200);
    expect(
      (
        await post("/api/v3/alignment-projects/create", {
          alignment_name: "Ready now",
          base_model_id: BASE,
          document_ids: [id],
        })
      ).status,
    ).toBe(200);
  });

  it("pages documents/list, refusing a limit above 100 with 422", async () => {
    t = await startSandbox();
    await upload2609(
      ["a", "b", "c"].map((name) => ({
        name: `${name}.md`,
        content: `Document ${name}, with a few words of its own.`,
      })),
    );
    const page = async (query: string) =>
      (await t.json(`/api/v3/documents/list?${query}`)).documents.map((document: any) => document.file_name);
    expect(await page("limit=2")).toEqual(["a.md", "b.md"]);
    expect(await page("limit=2&offset=2")).toEqual(["c.md"]);
    expect(await page("")).toEqual(["a.md", "b.md", "c.md"]);
    const tooMany = await t.call("/api/v3/documents/list?limit=101");
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json()).detail[0]).toMatchObject({ loc: ["query", "limit"] });
  });
});

describe("sandbox generations: 2026-09 benchmarks", () => {
  it("generates samples from documents: status, then data with samples and no status, name or counts", async () => {
    t = await startSandbox();
    const documentId = await document2609("returns-policy.md", RETURNS_POLICY);
    const created = await postJson("/api/v3/benchmarks/create", {
      document_ids: [documentId],
      n_samples: 3,
      benchmark_name: "Returns QA",
    });
    expect(created).toEqual({
      benchmark_id: expect.stringMatching(/^benchmark_/),
      benchmark_name: "Returns QA",
      status: "PROCESSING",
      n_samples: 3,
    });
    const id = created.benchmark_id;
    expect(await t.json(`/api/v3/benchmarks/${id}/status`)).toEqual({ benchmark_id: id, status: "PROCESSING" });
    t.advance(2_000);
    expect(await t.json(`/api/v3/benchmarks/${id}/status`)).toEqual({ benchmark_id: id, status: "READY" });
    const data = await t.json(`/api/v3/benchmarks/${id}/data`);
    expect(Object.keys(data).sort()).toEqual([
      "benchmark_id",
      "document_ids",
      "error",
      "metadata",
      "s3_key",
      "s3_url",
      "samples",
    ]);
    expect(data.metadata).toEqual({
      type: "generated",
      name: "Returns QA",
      description: null,
      original_filename: null,
    });
    expect(data.samples).toHaveLength(3);
    expect(data.samples[0]).toEqual({
      sample_num: 1,
      instruction: expect.stringContaining("returns-policy.md"),
      response: expect.any(String),
      image_url: null,
    });
    // The same benchmark on the 2026-07 routes.
    expect((await t.json(`/api/v3/benchmark/${id}/data`)).questions.map((question: any) => question.answer)).toEqual(
      data.samples.map((sample: any) => sample.response),
    );
  });

  it("uploads samples, numbering those without sample_num, and refuses a file of 2026-07 questions", async () => {
    t = await startSandbox();
    const documentId = await document2609("returns-policy.md", RETURNS_POLICY);
    const send = (file: unknown) => {
      const form = new FormData();
      form.append("file", new Blob([JSON.stringify(file)]), "qa.json");
      form.append("benchmark_name", "Hand-written");
      form.append("document_id", documentId);
      return t.call("/api/v3/benchmarks/upload", { method: "POST", body: form });
    };
    const uploaded = await (
      await send([
        { sample_num: 7, instruction: "How long is the window?", response: "30 days." },
        { instruction: "Who pays?", response: "The store." },
      ])
    ).json();
    expect(uploaded).toEqual({
      benchmark_id: expect.stringMatching(/^benchmark_/),
      benchmark_name: "Hand-written",
      n_samples: 2,
      status: "READY",
    });
    const data = await t.json(`/api/v3/benchmarks/${uploaded.benchmark_id}/data`);
    expect(data.samples.map((sample: any) => sample.sample_num)).toEqual([7, 2]);
    expect(data.metadata).toMatchObject({ type: "uploaded", name: "Hand-written", original_filename: "qa.json" });
    const legacy = await send([{ question: "How long?", answer: "30 days." }]);
    expect(legacy.status).toBe(400);
    expect(await legacy.json()).toEqual({
      detail: 'Invalid benchmark file: item 1 needs an "instruction" and a "response" string.',
    });
  });
});

describe("sandbox generations: 2026-09 alignment projects", () => {
  it("queues, trains and finishes; the status has no model_id, the project has it and its evaluation", async () => {
    t = await startSandbox();
    const documentId = await document2609("returns-policy.md", RETURNS_POLICY);
    const benchmarkId = await benchmark2609([documentId]);
    const created = await project2609({
      alignment_name: "Returns",
      document_ids: [documentId],
      benchmark_id: benchmarkId,
    });
    expect(created).toEqual({ alignment_id: expect.stringMatching(ID_2609("alignment_")), status: "QUEUED" });
    const id = created.alignment_id;
    const status = () => t.json(`/api/v3/alignment-projects/${id}/status`);
    expect(await status()).toEqual({
      status: "QUEUED",
      progress: 0,
      eta_seconds: 10,
      queue_position: 1,
      early_deployable: false,
    });
    expect((await t.json(`/api/v3/alignment-projects/${id}`)).model_id).toBeNull();
    t.advance(2_000);
    expect(await status()).toEqual({
      status: "PROCESSING",
      progress: 20,
      eta_seconds: 8,
      queue_position: null,
      early_deployable: false,
    });
    const training = await t.json(`/api/v3/alignment-projects/${id}`);
    expect(training.model_id).toMatch(ID_2609("model_"));
    expect(training.performance_metrics).toEqual({
      accuracy_before: 0,
      accuracy_after: 0,
      uncertainty_before: 0,
      uncertainty_after: 0,
    });
    t.advance(3_000);
    expect(await status()).toMatchObject({ status: "PROCESSING", progress: 50, early_deployable: true });
    t.advance(5_000);
    expect(await status()).toEqual({
      status: "READY",
      progress: 100,
      eta_seconds: null,
      queue_position: null,
      early_deployable: true,
    });
    const project = await t.json(`/api/v3/alignment-projects/${id}`);
    expect(project).toMatchObject({
      alignment_id: id,
      alignment_name: "Returns",
      base_model_id: BASE,
      status: "READY",
      error: null,
      stage_failures: [],
      model_id: training.model_id,
      evaluation_id: expect.stringMatching(ID_2609("evaluation_")),
      gpu_training_completed: true,
      document_ids: [documentId],
      completed_at: expect.any(String),
    });
    // Placeholder zeros until the project's evaluation has measured the model.
    expect(project.performance_metrics).toEqual({
      accuracy_before: 0,
      accuracy_after: 0,
      uncertainty_before: 0,
      uncertainty_after: 0,
    });
    t.advance(3_000);
    expect((await t.json(`/api/v3/alignment-projects/${id}`)).performance_metrics.accuracy_after).toBeGreaterThan(0);
    // The same project on the 2026-07 routes, and in the list.
    expect((await t.json(`/api/v3/alignment-project/status/${id}`)).data).toMatchObject({
      status: "READY",
      model_id: training.model_id,
      base_model: BASE,
      name: "Returns",
    });
    expect(await t.json("/api/v3/alignment-projects/list")).toEqual({
      alignment_projects: [{ alignment_id: id, alignment_name: "Returns", base_model_id: BASE, status: "READY" }],
    });
  });

  it("fails fast on '[fail]': FAILED in the status, the error and stage failures on the project", async () => {
    t = await startSandbox();
    const documentId = await document2609("returns-policy.md", RETURNS_POLICY);
    const { alignment_id: id } = await project2609({ alignment_name: "Broken [fail]", document_ids: [documentId] });
    t.advance(1_400);
    expect((await t.json(`/api/v3/alignment-projects/${id}/status`)).status).toBe("PROCESSING");
    t.advance(100);
    const status = await t.json(`/api/v3/alignment-projects/${id}/status`);
    expect(status).toEqual({
      status: "FAILED",
      progress: 15,
      eta_seconds: null,
      queue_position: null,
      early_deployable: false,
    });
    const project = await t.json(`/api/v3/alignment-projects/${id}`);
    expect(project).toMatchObject({
      status: "FAILED",
      error: expect.stringMatching(/^Finetuning failed: .*502 Bad Gateway/),
      stage_failures: ["training: finetuning_failure"],
      model_id: null,
    });
  });

  it("pages the projects of both generations", async () => {
    t = await startSandbox();
    const documentId = await t.document("returns-policy.md", RETURNS_POLICY);
    await postJson("/api/v3/alignment-project/create", {
      name: "From 2026-07",
      base_model: BASE,
      document_ids: [documentId],
    });
    await project2609({ alignment_name: "From 2026-09", document_ids: [documentId] });
    const names = async (query: string) =>
      (await t.json(`/api/v3/alignment-projects/list?${query}`)).alignment_projects.map(
        (project: any) => project.alignment_name,
      );
    expect(await names("limit=1")).toEqual(["From 2026-07"]);
    expect(await names("limit=1&offset=1")).toEqual(["From 2026-09"]);
    expect((await t.call("/api/v3/alignment-projects/list?limit=0")).status).toBe(422);
  });
});

describe("sandbox generations: 2026-09 deployment", () => {
  /** A 2026-09 project `ms` into its job, and its model id. */
  async function training(name: string, ms: number) {
    const documentId = await document2609(`${name.replace(/\W/g, "")}.md`, RETURNS_POLICY);
    const { alignment_id } = await project2609({ alignment_name: name, document_ids: [documentId] });
    t.advance(ms);
    const { model_id } = await t.json(`/api/v3/alignment-projects/${alignment_id}`);
    return { projectId: alignment_id as string, modelId: model_id as string };
  }
  const deploy = (modelId: string, query = "") =>
    t.call(`/api/v3/models/${modelId}/deployment${query}`, { method: "POST" });
  const deployment = (modelId: string) => t.json(`/api/v3/models/${modelId}/deployment/status`);

  it("goes UNDEPLOYED (for a moment after the request) → DEPLOYING → DEPLOYED, refuses a second deploy with 400, undeploys at once", async () => {
    t = await startSandbox();
    const { modelId } = await training("Returns", 10_000);
    expect(await deployment(modelId)).toEqual({ status: "UNDEPLOYED", error: null });
    const started = await deploy(modelId);
    expect(started.status).toBe(200);
    expect(await started.json()).toEqual({ model_id: modelId, status: "DEPLOYING", message: "Deployment started" });
    expect(await deployment(modelId)).toEqual({ status: "UNDEPLOYED", error: null });
    t.advance(300);
    expect(await deployment(modelId)).toEqual({ status: "DEPLOYING", error: null });
    const again = await deploy(modelId);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      detail: "Model is already being deployed or deployed. Current status: DEPLOYING",
    });
    t.advance(2_700);
    expect(await deployment(modelId)).toEqual({ status: "DEPLOYED", error: null });
    expect((await deploy(modelId)).status).toBe(400);
    // Deployed: inference answers by the model_ id.
    const chat = await t.json("/api/v3/inference/chat/completions", {
      method: "POST",
      body: JSON.stringify({ model: modelId, messages: [{ role: "user", content: "How long do refunds take?" }] }),
    });
    expect(chat.choices[0].message.content).toMatch(/5 business days/);
    const undeployed = await t.call(`/api/v3/models/${modelId}/deployment`, { method: "DELETE" });
    expect(await undeployed.json()).toEqual({ model_id: modelId, status: "UNDEPLOYED", message: "Model undeployed" });
    expect(await deployment(modelId)).toEqual({ status: "UNDEPLOYED", error: null });
    expect((await t.call(`/api/v3/models/${modelId}/deployment`, { method: "DELETE" })).status).toBe(400);
    // And it can be deployed again at once.
    expect((await deploy(modelId)).status).toBe(200);
  });

  it("refuses a model still training with 409, unless early=true and its project has a checkpoint", async () => {
    t = await startSandbox();
    const { projectId, modelId } = await training("Early", 2_000);
    const refused = await deploy(modelId);
    expect(refused.status).toBe(409);
    expect((await refused.json()).detail).toMatch(/still training.*early=true/);
    expect((await deploy(modelId, "?early=true")).status).toBe(409);
    t.advance(3_000);
    expect((await t.json(`/api/v3/alignment-projects/${projectId}/status`)).early_deployable).toBe(true);
    expect((await deploy(modelId)).status).toBe(409);
    expect((await deploy(modelId, "?early=true")).status).toBe(200);
    t.advance(3_000);
    expect(await deployment(modelId)).toEqual({ status: "DEPLOYED", error: null });
  });

  it("ends a failed deploy UNDEPLOYED with an error ('[fail-deploy]' in the project's name)", async () => {
    t = await startSandbox();
    const { modelId } = await training("Broken deploy [fail-deploy]", 10_000);
    await deploy(modelId);
    t.advance(1_000);
    expect(await deployment(modelId)).toEqual({ status: "DEPLOYING", error: null });
    t.advance(2_000);
    expect(await deployment(modelId)).toEqual({
      status: "UNDEPLOYED",
      error: expect.stringMatching(/^Deployment failed: /),
    });
    expect(await t.json(`/api/v3/models/${modelId}`)).toMatchObject({
      deployment_status: "UNDEPLOYED",
      error: expect.stringMatching(/^Deployment failed: /),
    });
  });

  it("answers one model, with its deployment and its evaluations", async () => {
    t = await startSandbox();
    const documentId = await document2609("returns-policy.md", RETURNS_POLICY);
    const benchmarkId = await benchmark2609([documentId]);
    const { alignment_id } = await project2609({
      alignment_name: "Returns",
      document_ids: [documentId],
      benchmark_id: benchmarkId,
    });
    t.advance(10_000);
    const { model_id: modelId, evaluation_id: evaluationId } = await t.json(
      `/api/v3/alignment-projects/${alignment_id}`,
    );
    await deploy(modelId);
    t.advance(1_500);
    const model = await t.json(`/api/v3/models/${modelId}`);
    expect(model).toEqual({
      model_id: modelId,
      model_name: "Returns",
      base_model_id: BASE,
      base_model_name: "Nugen Flash Instruct",
      alignment_id,
      deployment_status: "DEPLOYING",
      error: null,
      progress: 50,
      eta_seconds: 2,
      performance_metrics: { accuracy: 0, uncertainty: 0 },
      evaluation_data: {
        evaluation_id: evaluationId,
        status: "PROCESSING",
        created_at: expect.any(String),
        all_evaluations: [{ evaluation_id: evaluationId, status: "PROCESSING", created_at: expect.any(String) }],
      },
      usage_count: 0,
      downloadable: false,
      inference_capture_enabled: false,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect((await t.call("/api/v3/models/model_0000000000000000")).status).toBe(404);
    expect((await t.call(`/api/v3/models/${BASE}`)).status).toBe(404);
  });
});

describe("sandbox generations: 2026-09 evaluations", () => {
  it("is CREATED, then PROCESSING, then READY on GET /evaluations/{id}; results are 400 until then", async () => {
    t = await startSandbox({ evaluationSeconds: 4 });
    const documentId = await document2609("returns-policy.md", RETURNS_POLICY);
    const benchmarkId = await benchmark2609([documentId], 4);
    const { alignment_id } = await project2609({ alignment_name: "Returns", document_ids: [documentId] });
    t.advance(10_000);
    const { model_id: modelId } = await t.json(`/api/v3/alignment-projects/${alignment_id}`);
    const created = await postJson("/api/v3/evaluations/create", {
      model_id: modelId,
      benchmark_id: benchmarkId,
      evaluation_name: "Aligned against base",
      baseline_model_id: BASE,
    });
    expect(created).toEqual({
      evaluation_id: expect.stringMatching(ID_2609("evaluation_")),
      evaluation_name: "Aligned against base",
      status: "CREATED",
      model_id: modelId,
      benchmark_id: benchmarkId,
    });
    const id = created.evaluation_id;
    expect(await t.json(`/api/v3/evaluations/${id}`)).toEqual({
      evaluation_id: id,
      evaluation_name: "Aligned against base",
      status: "CREATED",
      model_id: modelId,
      benchmark_id: benchmarkId,
      progress: 0,
      n_samples_completed: 0,
      n_samples: 4,
      avg_time_per_sample: null,
      eta_seconds: 4,
      created_at: expect.any(String),
      completed_at: null,
      updated_at: expect.any(String),
    });
    const early = await t.call(`/api/v3/evaluations/${id}/results`);
    expect(early.status).toBe(400);
    expect(await early.json()).toEqual({ detail: { evaluation_id: id, message: "Evaluation is not completed yet" } });
    t.advance(2_000);
    expect(await t.json(`/api/v3/evaluations/${id}`)).toMatchObject({
      status: "PROCESSING",
      progress: 50,
      n_samples_completed: 2,
      avg_time_per_sample: 1,
      eta_seconds: 2,
    });
    t.advance(2_000);
    expect(await t.json(`/api/v3/evaluations/${id}`)).toMatchObject({
      status: "READY",
      progress: 100,
      completed_at: expect.any(String),
      eta_seconds: null,
    });
    // Results in the 2026-07 shape: the evaluated model first, the baseline second.
    const results = await t.json(`/api/v3/evaluations/${id}/results`);
    expect(results).toMatchObject({
      method: "eval-compare",
      model_id: modelId,
      model_id_2: BASE,
      base_model: { model_id: modelId },
      eval_model: { model_id: BASE },
    });
    expect(results.base_model.metrics.binary_correctness_mean).toBeGreaterThan(
      results.eval_model.metrics.binary_correctness_mean,
    );
  });

  it("can make GET /evaluations/{id}/status answer a plain-text 500 on every poll, while the detail route answers", async () => {
    t = await startSandbox({ evaluationStatusFails: true });
    const documentId = await document2609("returns-policy.md", RETURNS_POLICY);
    const benchmarkId = await benchmark2609([documentId]);
    const { evaluation_id: id } = await postJson("/api/v3/evaluations/create", {
      model_id: BASE,
      benchmark_id: benchmarkId,
    });
    for (let poll = 0; poll < 3; poll++) {
      const response = await t.call(`/api/v3/evaluations/${id}/status`);
      expect(response.status).toBe(500);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await response.text()).toBe("Internal Server Error");
      expect((await t.call(`/api/v3/evaluations/${id}`)).status).toBe(200);
      t.advance(1_500);
    }
    // A request's header turns it off (or on, on a sandbox without it).
    expect(
      (await t.call(`/api/v3/evaluations/${id}/status`, { headers: { "x-sandbox-evaluation-status-fails": "0" } }))
        .status,
    ).toBe(200);
    await t.close();
    t = await startSandbox();
    expect(
      (
        await t.call("/api/v3/evaluations/evaluation_0000000000000000/status", {
          headers: { "x-sandbox-evaluation-status-fails": "1" },
        })
      ).status,
    ).toBe(500);
    expect((await t.call("/api/v3/evaluations/evaluation_0000000000000000/status")).status).toBe(404);
  });
});

describe("sandbox evaluations look like evaluations", () => {
  it.each([["2026-07"], ["2026-09"]] as const)(
    "score a model aligned on a document above its base model on a benchmark made from it (%s project)",
    async (generation) => {
      t = await startSandbox();
      let projectEvaluation: string;
      let modelId: string;
      if (generation === "2026-07") {
        const documentId = await t.document("kestrel-support-handbook.md", KESTREL);
        const benchmarkId = await t.benchmark([documentId], 5);
        const { alignment_id } = await postJson("/api/v3/alignment-project/create", {
          name: "Kestrel support",
          base_model: BASE,
          document_ids: [documentId],
          benchmark_id: benchmarkId,
        });
        t.advance(10_000);
        ({ model_id: modelId, evaluation_id: projectEvaluation } = (
          await t.json(`/api/v3/alignment-project/status/${alignment_id}`)
        ).data);
      } else {
        const documentId = await document2609("kestrel-support-handbook.md", KESTREL);
        const benchmarkId = await benchmark2609([documentId], 5);
        const { alignment_id } = await project2609({
          alignment_name: "Kestrel support",
          document_ids: [documentId],
          benchmark_id: benchmarkId,
        });
        t.advance(10_000);
        ({ model_id: modelId, evaluation_id: projectEvaluation } = await t.json(
          `/api/v3/alignment-projects/${alignment_id}`,
        ));
      }
      t.advance(3_000);
      const results = await t.json(`/api/v3/evaluations/${projectEvaluation}/results`);
      expect(results).toMatchObject({ model_id: BASE, model_id_2: modelId });
      const before = results.base_model.metrics;
      const after = results.eval_model.metrics;
      expect(after.binary_correctness_mean).toBeGreaterThan(before.binary_correctness_mean);
      expect(after.binary_correctness_mean).toBeGreaterThanOrEqual(0.6);
      expect(after.answer_relevance_mean).toBeGreaterThan(before.answer_relevance_mean);
      // The answers judged are those the models give: the aligned one quotes its document.
      const download = await t.json(`/api/v3/evaluations/${projectEvaluation}/download`);
      expect(download.raw_answers[0].model_answer).toMatch(/general model without domain documents/);
      expect(download.raw_answers[0].model_answer_2).toMatch(/^According to kestrel-support-handbook\.md: /);
    },
  );
});
