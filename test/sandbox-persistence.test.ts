/** Sandbox persistence: every kind of state, and the uploaded bytes, survive a restart; older files are read. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox } from "../src/sandbox/index.js";
import { RETURNS_POLICY, START, startSandbox, type TestSandbox } from "./helpers/sandbox.js";

let t: TestSandbox | undefined;
let dir: string;
afterEach(async () => {
  await t?.close();
  t = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe("sandbox persistence", () => {
  it("keeps documents and their bytes, benchmarks, projects, deploy requests and evaluations across a restart", async () => {
    dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-persist-"));
    const dataFile = join(dir, "state.json");
    t = await startSandbox({ dataFile });
    const documentId = await t.document("returns-policy.md", RETURNS_POLICY);
    const benchmarkId = await t.benchmark([documentId], 3);
    const project = await t.json("/api/v3/alignment-project/create", {
      method: "POST",
      body: JSON.stringify({
        name: "Persisted",
        base_model: "nugen-flash-instruct",
        document_ids: [documentId],
        benchmark_id: benchmarkId,
      }),
    });
    t.advance(10_000);
    const { data } = await t.json(`/api/v3/alignment-project/status/${project.alignment_id}`);
    await t.json(`/api/v3/models/deploy-model/${data.model_id}`, { method: "POST" });
    const evaluation = await t.json("/api/v3/evaluations", {
      method: "POST",
      body: JSON.stringify({ model_id: data.model_id, benchmark_id: benchmarkId }),
    });
    const before = {
      documents: await t.json("/api/v3/documents"),
      benchmark: await t.json(`/api/v3/benchmark/${benchmarkId}/data`),
    };
    const stoppedAt = t.now();
    await t.close();
    t = undefined;

    const saved = JSON.parse(readFileSync(dataFile, "utf8"));
    expect(saved.version).toBe(4);
    expect(Object.keys(saved).sort()).toEqual([
      "agents",
      "answerEngines",
      "apiKeys",
      "benchmarks",
      "deployments",
      "documents",
      "evaluations",
      "projects",
      "threads",
      "version",
    ]);
    expect(readdirSync(`${dataFile}.files`)).toHaveLength(1);

    // A restart 5 s later: what was running has finished meanwhile.
    t = await startSandbox({ dataFile }, stoppedAt + 5_000);
    expect(await t.json("/api/v3/documents")).toEqual(before.documents);
    expect(await t.json(`/api/v3/benchmark/${benchmarkId}/data`)).toEqual(before.benchmark);
    const model = (await t.json("/api/v3/models/aligned")).domain_aligned_models.find(
      (entry: any) => entry.id === data.model_id,
    );
    expect(model).toMatchObject({ status: "DEPLOYED", endpoint: expect.stringContaining(data.model_id) });
    expect(await t.json(`/api/v3/models/deploy-model/${data.model_id}/status`)).toMatchObject({ status: "COMPLETED" });
    expect(await t.json(`/api/v3/evaluations/${evaluation.evaluation_id}/results`)).toMatchObject({
      status: "READY",
      raw_answers_count: 3,
    });
    expect(await t.json(`/api/v3/evaluations/${data.evaluation_id}/status`)).toMatchObject({ status: "READY" });
    // The stored bytes are still known: the same content is a duplicate, and a benchmark can still be made from it.
    expect((await t.upload([{ name: "again.md", content: RETURNS_POLICY }])).status).toBe(409);
    const regenerated = await t.benchmark([documentId], 3);
    expect((await t.json(`/api/v3/benchmark/${regenerated}/data`)).questions).toEqual(before.benchmark.questions);
  });

  it("keeps what the 2026-09 routes made: final document ids and names, samples, model_ ids, deployments, named evaluations", async () => {
    dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-persist-"));
    const dataFile = join(dir, "state.json");
    t = await startSandbox({ dataFile });
    const form = new FormData();
    form.append("files", new Blob([RETURNS_POLICY]), "returns-policy.md");
    form.append("names", "Returns policy");
    const [documentId] = (await t.json("/api/v3/documents/create", { method: "POST", body: form })).document_ids;
    t.advance(2_000);
    const samples = new FormData();
    samples.append(
      "file",
      new Blob([JSON.stringify([{ instruction: "How long is the window?", response: "30 days from delivery." }])]),
      "qa.json",
    );
    samples.append("benchmark_name", "Hand-written");
    samples.append("document_id", documentId);
    const { benchmark_id: benchmarkId } = await t.json("/api/v3/benchmarks/upload", { method: "POST", body: samples });
    const post = (path: string, body: unknown) => t!.json(path, { method: "POST", body: JSON.stringify(body) });
    const { alignment_id: projectId } = await post("/api/v3/alignment-projects/create", {
      alignment_name: "Persisted",
      base_model_id: "nugen-flash-instruct",
      document_ids: [documentId],
      benchmark_id: benchmarkId,
    });
    t.advance(10_000);
    const project = await t.json(`/api/v3/alignment-projects/${projectId}`);
    await t.json(`/api/v3/models/${project.model_id}/deployment`, { method: "POST" });
    const evaluation = await post("/api/v3/evaluations/create", {
      model_id: project.model_id,
      benchmark_id: benchmarkId,
      evaluation_name: "Kept",
      baseline_model_id: "nugen-flash-instruct",
    });
    t.advance(3_000);
    const before = {
      documents: await t.json("/api/v3/documents/list"),
      data: await t.json(`/api/v3/benchmarks/${benchmarkId}/data`),
      results: await t.json(`/api/v3/evaluations/${evaluation.evaluation_id}/results`),
      projectResults: await t.json(`/api/v3/evaluations/${project.evaluation_id}/results`),
    };
    const stoppedAt = t.now();
    await t.close();
    t = undefined;

    t = await startSandbox({ dataFile }, stoppedAt);
    expect(await t.json("/api/v3/documents/list")).toEqual(before.documents);
    expect(before.documents.documents[0]).toMatchObject({ document_id: documentId, document_name: "Returns policy" });
    expect(await t.json(`/api/v3/benchmarks/${benchmarkId}/data`)).toEqual(before.data);
    expect(await t.json(`/api/v3/alignment-projects/${projectId}`)).toMatchObject({
      model_id: project.model_id,
      evaluation_id: project.evaluation_id,
      status: "READY",
    });
    expect(await t.json(`/api/v3/models/${project.model_id}/deployment/status`)).toEqual({
      status: "DEPLOYED",
      error: null,
    });
    expect(await t.json(`/api/v3/evaluations/${evaluation.evaluation_id}`)).toMatchObject({
      evaluation_name: "Kept",
      status: "READY",
    });
    expect(await t.json(`/api/v3/evaluations/${evaluation.evaluation_id}/results`)).toEqual(before.results);
    expect(await t.json(`/api/v3/evaluations/${project.evaluation_id}/results`)).toEqual(before.projectResults);
    // An undeploy is kept too, and a 2026-09 document's name still refuses a second upload.
    await t.json(`/api/v3/models/${project.model_id}/deployment`, { method: "DELETE" });
    const again = new FormData();
    again.append("files", new Blob(["Other words."]), "returns-policy.md");
    expect((await t.call("/api/v3/documents/create", { method: "POST", body: again })).status).toBe(409);
    await t.close();
    t = await startSandbox({ dataFile }, stoppedAt);
    expect(await t.json(`/api/v3/models/${project.model_id}/deployment/status`)).toEqual({
      status: "UNDEPLOYED",
      error: null,
    });
  });

  it("scores an evaluation kept by an older sandbox (no answers kept with it) on the answers its models give", async () => {
    dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-persist-"));
    const dataFile = join(dir, "state.json");
    const question = {
      question_num: 1,
      question: "What does returns-policy.md say about refunds?",
      answer: "Refunds are issued within 5 business days to the original payment method.",
      image_url: null,
    };
    const benchmark = {
      id: "benchmark_OLD",
      name: "Old",
      description: null,
      origin: "uploaded",
      documentIds: [],
      requested: null,
      questions: [question],
      error: null,
      createdAt: START,
    };
    const evaluation = {
      id: "eval_OLD",
      modelId: "nugen-flash-instruct",
      modelId2: null,
      benchmarkId: "benchmark_OLD",
      customMetrics: [],
      judgeProvider: "anthropic",
      startsAt: START,
      alignmentId: null,
      skills: { "nugen-flash-instruct": 0.5 },
    };
    writeFileSync(
      dataFile,
      JSON.stringify({ version: 2, projects: [], benchmarks: [benchmark], evaluations: [evaluation] }),
    );
    t = await startSandbox({ dataFile }, START + 60_000);
    const download = await t.json("/api/v3/evaluations/eval_OLD/download");
    expect(download.raw_answers[0]).toMatchObject({
      model_answer: expect.stringMatching(/^I am nugen-flash-instruct, a general model/),
      scores: { binary_correctness: 0 },
    });
    expect(download.metrics.binary_correctness_mean).toBe(0);
  });

  it("keeps agents and their usage, answer engines with their files, threads and prompts, and the keys seen, across a restart", async () => {
    dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-persist-"));
    const dataFile = join(dir, "state.json");
    t = await startSandbox({ dataFile });
    const post = (path: string, body: unknown, method = "POST") =>
      t!.json(path, { method, body: JSON.stringify(body) });
    const agent = (
      await post("/api/v3/agents/create", {
        agent_name: "Kept agent",
        demonstrations: [{ input: "Hello?", output: "Hello from the demonstration." }],
      })
    ).data;
    await post(`/api/v3/agents/run-agents/${encodeURIComponent("Kept agent")}/run`, { message: "Hello?" });
    const form = new FormData();
    for (const [name, value] of Object.entries({
      answer_engine_name: "Kept engine",
      model_llm: "nugen-flash-instruct",
      model_embedding: "qwen3-embedding-8b",
    }))
      form.append(name, value);
    form.append("documents", new Blob([RETURNS_POLICY]), "returns-policy.md");
    const engine = (await t.json("/api/v3/answer-engine", { method: "POST", body: form })).data;
    const first = await post(`/api/v3/answer-engine/${engine.answer_engine_id}/chat`, {
      query: "How long do refunds take?",
    });
    const prompt = await post(
      `/api/v3/answer-engine/${engine.answer_engine_id}/system-prompt`,
      { prompt_name: "brief", prompt_text: "Be brief." },
      "PATCH",
    );
    const before = { agent: await t.json(`/api/v3/agents/${agent.id}`), usage: await t.json("/api/v3/agents/usage") };
    const stoppedAt = t.now();
    await t.close();
    t = undefined;

    t = await startSandbox({ dataFile }, stoppedAt + 5_000);
    // The same agent; its endpoint names the restarted sandbox's port.
    expect(await t.json(`/api/v3/agents/${agent.id}`)).toEqual({
      data: { ...before.agent.data, endpoint: `${t.url}/api/v3/agents/run-agents/Kept agent/run` },
    });
    expect(before.agent.data.usage_count).toBe(1);
    expect(await t.json("/api/v3/agents/usage")).toEqual(before.usage);
    // The thread goes on where it was, the stored prompt answers, and the engine's file is still indexed.
    const followUp = await post(`/api/v3/answer-engine/${engine.answer_engine_id}/chat`, {
      query: "And for gifts?",
      mode: "agentic",
      conv_thread_id: first.conv_thread_id,
    });
    expect(followUp).toMatchObject({
      conv_thread_id: first.conv_thread_id,
      prompt_id: prompt.prompt_id,
      prompt_name: "brief",
      metadata: { thread_turns: 2 },
    });
    expect(followUp.rewritten_query).toContain("How long do refunds take?");
    expect(followUp.answer).toContain("store credit");
    const keys = await t.json("/api/v3/api-keys/");
    expect(keys).toEqual([
      expect.objectContaining({ key: "test-key", status: "active", createdAt: expect.any(String) }),
    ]);
    expect(keys[0].usage).toBeGreaterThan(1);
  });

  it("reads a version 1 file (projects only)", async () => {
    dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-persist-"));
    const dataFile = join(dir, "state.json");
    const project = {
      id: "alignment_V1PROJECT",
      request: { name: "Old", base_model: "nugen-flash-instruct", document_ids: ["doc-1"] },
      createdAt: START,
      creator: "old@example.com",
    };
    writeFileSync(dataFile, JSON.stringify({ version: 1, projects: [project] }));
    t = await startSandbox({ dataFile }, START + 60_000);
    expect(await t.json("/api/v3/alignment-project/status/alignment_V1PROJECT")).toMatchObject({
      status: "READY",
      data: { evaluation_id: null, model_id: "old-alignment-v1project" },
    });
    expect(await t.json("/api/v3/models/aligned")).toMatchObject({
      domain_aligned_models: expect.arrayContaining([
        expect.objectContaining({ id: "old-alignment-v1project", status: "UNDEPLOYED" }),
      ]),
    });
    // The next write upgrades the file.
    await t.document("new.md", RETURNS_POLICY);
    expect(JSON.parse(readFileSync(dataFile, "utf8"))).toMatchObject({
      version: 4,
      projects: [project],
      documents: [expect.objectContaining({ filename: "new.md" })],
    });
  });

  it("refuses to start on a file from a newer sandbox rather than lose its data", async () => {
    dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-persist-"));
    const dataFile = join(dir, "state.json");
    writeFileSync(dataFile, JSON.stringify({ version: 99, projects: [] }));
    await expect(createSandbox({ log: false, dataFile })).rejects.toThrow(/newer sandbox \(version 99\)/);
    expect(existsSync(`${dataFile}.files`)).toBe(false);
  });
});
