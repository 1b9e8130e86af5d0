/**
 * The sandbox never drifts from openapi.yaml: every operation of both API generations is
 * sent through it (a sandbox serves both by default), with a case for each status the spec
 * documents for it, and each answer, success and error, is validated against the spec's
 * response schema for that status by Ajv compiled here from openapi.yaml (not the sandbox's
 * own validators). A streamed answer is validated event by event against the
 * `text/event-stream` schema (one event's data). The routes both generations share answer
 * in other fields on a sandbox of one generation: those are validated there too.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OperationId, operations } from "../generated/operations.js";
import { RETURNS_POLICY, startSandbox, type TestSandbox } from "./helpers/sandbox.js";
import { spec } from "./helpers/spec.js";

type Json = Record<string, any>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: "spec", ...spec } as Json);

function responseSpec(path: string, method: string, status: number): Json {
  const responses = spec.paths[path][method].responses;
  let response = responses[String(status)] ?? responses[`${String(status)[0]}XX`];
  if (!response) throw new Error(`openapi.yaml documents no ${status} for ${method.toUpperCase()} ${path}`);
  if (response.$ref) response = spec.components.responses[response.$ref.split("/").pop()];
  return response;
}

/** The validator of an answer's body (whatever its JSON type: an object, a list, a bare string), or of one event's data in a stream. */
function validatorFor(path: string, method: string, status: number, mediaType = "application/json") {
  const content = responseSpec(path, method, status).content ?? {};
  const schema = content[mediaType]?.schema;
  if (!schema)
    throw new Error(`openapi.yaml documents no ${mediaType} body for ${status} on ${method.toUpperCase()} ${path}`);
  // Resolve component refs inside the whole spec document registered above.
  const ref = schema.$ref ? `spec${schema.$ref}` : undefined;
  return ref ? (ajv.getSchema(ref) ?? ajv.compile({ $ref: ref })) : ajv.compile(schema);
}

/** The headers the spec documents for an answer, lower-cased. */
function documentedHeaders(path: string, method: string, status: number): string[] {
  return Object.keys(responseSpec(path, method, status).headers ?? {}).map((name) => name.toLowerCase());
}

type Expected = number | "5XX";
interface Case {
  operationId: OperationId;
  expectStatus: Expected;
  /** Says which case it is when an operation has several with one status. */
  note?: string;
  /** The URL path; the operation's own path by default. */
  url?: () => string;
  init?: () => RequestInit;
  /** The answer is a stream of server-sent events, not JSON. */
  stream?: boolean;
  /** The stream ends with an error event instead of [DONE]. */
  streamError?: boolean;
}

/** The data of each event of a server-sent event stream. */
function eventData(text: string): string[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== "")
    .map((block) =>
      block
        .split(/\r?\n/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""))
        .join("\n"),
    );
}

let t: TestSandbox;
/** The resources the cases act on, made in beforeAll. */
type Resource =
  | "agent"
  | "agentToDelete"
  | "answerEngine"
  | "inactiveAgent"
  | "prompt"
  | "thread"
  | "benchmark"
  | "deployableModel"
  | "deployableProject"
  | "deployedModel"
  | "deployedProject"
  | "deployingModel"
  | "deployingProject"
  | "document"
  | "documentToDelete"
  | "evaluationToDelete"
  | "finishedEvaluation"
  | "processingBenchmark"
  | "projectEvaluation"
  | "projectToDelete"
  | "runningEvaluation"
  | "runningProject"
  | "undeployingModel"
  | "undeployingProject"
  | "upload"
  | "uploadedBenchmark"
  // The 2026-09 generation's
  | "document2609"
  | "benchmark2609"
  | "processingBenchmark2609"
  | "deployedProject2609"
  | "deployedModel2609"
  | "deployableProject2609"
  | "deployableModel2609"
  | "trainingProject2609"
  | "trainingModel2609"
  | "evaluation2609"
  | "evaluationToCreate2609";
const ids = {} as Record<Resource, string>;
const auth = { authorization: "Bearer contract-key" };
const jsonHeaders = { ...auth, "content-type": "application/json" };
const MAX_UPLOAD = 2048;
const tooLong = "x".repeat(257);
const MAX_JSON = 4096;
/** A JSON body over the sandbox's limit: refused with 413 before it is read. */
const oversized = () => json({ padding: "x".repeat(MAX_JSON * 4) });

function form(entries: [string, string | Blob, string?][]): FormData {
  const body = new FormData();
  for (const [name, value, filename] of entries) {
    if (typeof value === "string") body.append(name, value);
    else body.append(name, value, filename);
  }
  return body;
}
const json = (body: unknown, method = "POST"): RequestInit => ({
  method,
  body: JSON.stringify(body),
  headers: jsonHeaders,
});
const benchmarkFile = () =>
  new Blob([JSON.stringify([{ question_num: 1, question: "How long is the return window?", answer: "30 days." }])]);
const samplesFile = () =>
  new Blob([
    JSON.stringify([
      { sample_num: 1, instruction: "How long is the return window?", response: "30 days." },
      { instruction: "Who pays?", response: "The store." },
    ]),
  ]);
const CONTRACT_2609_FILE = "contract-2609.md";
/** An answer engine's form: its models, then the sources given (by default the returns policy). */
const engineForm = (
  sources: [string, string | Blob, string?][] = [["documents", new Blob([RETURNS_POLICY]), "returns-policy.md"]],
  models: [string, string][] = [
    ["model_llm", "nugen-flash-instruct"],
    ["model_embedding", "qwen3-embedding-8b"],
  ],
) => form([["answer_engine_name", "Contract engine"], ...models, ...sources]);
const runPath = (name: string) => `/api/v3/agents/run-agents/${encodeURIComponent(name)}/run`;

beforeAll(async () => {
  // Streamed tokens as fast as possible: the cases read whole streams.
  t = await startSandbox({ maxUploadBytes: MAX_UPLOAD, maxJsonBytes: MAX_JSON, tokensPerSecond: 0 });
  const post = (path: string, body: unknown) => t.json(path, { method: "POST", body: JSON.stringify(body) });
  ids.document = await t.document("returns-policy.md", RETURNS_POLICY);
  ids.upload = (
    await (
      await t.upload([{ name: "to-delete.md", content: "A document that the contract deletes, with enough words." }])
    ).json()
  ).document_ids[0];
  ids.document2609 = (
    await t.json("/api/v3/documents/create", {
      method: "POST",
      body: form([["files", new Blob([`${RETURNS_POLICY}\nUploaded the 2026-09 way.`]), CONTRACT_2609_FILE]]),
    })
  ).document_ids[0];
  t.advance(2_000);
  ids.documentToDelete = (await t.json(`/api/v3/documents/${ids.upload}`)).document_id;
  ids.benchmark = await t.benchmark([ids.document], 3);
  ids.uploadedBenchmark = (
    await t.json("/api/v3/benchmark/upload", {
      method: "POST",
      body: form([
        ["file", benchmarkFile(), "qa.json"],
        ["name", "Hand-written"],
        ["document_id", ids.document],
      ]),
    })
  ).benchmark_id;

  // Projects: one whose model gets deployed, one to delete, one whose model undeploys, one to deploy during the cases.
  const project = (name: string, benchmark = true) =>
    post("/api/v3/alignment-project/create", {
      name,
      base_model: "nugen-flash-instruct",
      document_ids: [ids.document],
      ...(benchmark ? { benchmark_id: ids.benchmark } : {}),
    });
  ids.deployedProject = (await project(" Contract deployed ")).alignment_id;
  ids.projectToDelete = (await project("Contract to delete", false)).alignment_id;
  ids.undeployingProject = (await project("Contract undeploying", false)).alignment_id;
  ids.deployableProject = (await project("Contract deployable", false)).alignment_id;
  ids.deployingProject = (await project("Contract deploying", false)).alignment_id;
  ids.benchmark2609 = (
    await post("/api/v3/benchmarks/create", {
      document_ids: [ids.document2609],
      n_samples: 3,
      benchmark_name: "Contract 2026-09",
    })
  ).benchmark_id;
  const project2609 = (name: string, benchmark = false) =>
    post("/api/v3/alignment-projects/create", {
      alignment_name: name,
      base_model_id: "nugen-flash-instruct",
      document_ids: [ids.document2609],
      ...(benchmark ? { benchmark_id: ids.benchmark } : {}),
    });
  ids.deployedProject2609 = (await project2609("Contract 2026-09 deployed", true)).alignment_id;
  ids.deployableProject2609 = (await project2609("Contract 2026-09 deployable")).alignment_id;
  t.advance(10_000);
  const modelOf2609 = async (id: string) => (await t.json(`/api/v3/alignment-projects/${id}`)).model_id;
  ids.deployedModel2609 = await modelOf2609(ids.deployedProject2609);
  ids.deployableModel2609 = await modelOf2609(ids.deployableProject2609);
  await t.json(`/api/v3/models/${ids.deployedModel2609}/deployment`, { method: "POST" });
  const modelOf = async (id: string) => (await t.json(`/api/v3/alignment-project/status/${id}`)).data.model_id;
  ids.deployedModel = await modelOf(ids.deployedProject);
  ids.undeployingModel = await modelOf(ids.undeployingProject);
  ids.deployableModel = await modelOf(ids.deployableProject);
  ids.deployingModel = await modelOf(ids.deployingProject);
  ids.projectEvaluation = (await t.json(`/api/v3/alignment-project/status/${ids.deployedProject}`)).data.evaluation_id;
  await t.json(`/api/v3/models/deploy-model/${encodeURIComponent(ids.deployedModel)}`, { method: "POST" });
  await t.json(`/api/v3/models/deploy-model/${ids.undeployingModel}`, { method: "POST" });
  t.advance(3_000);
  ids.finishedEvaluation = (
    await post("/api/v3/evaluations", {
      model_id: "nugen-flash-instruct",
      model_id_2: ids.deployedModel,
      benchmark_id: ids.benchmark,
    })
  ).evaluation_id;
  ids.evaluationToDelete = (
    await post("/api/v3/evaluations", { model_id: "nugen-flash-instruct", benchmark_id: ids.benchmark })
  ).evaluation_id;
  // Still training once the clock stops (below), without a checkpoint: its model can be deployed neither now nor early.
  ids.trainingProject2609 = (await project2609("Contract 2026-09 training")).alignment_id;
  ids.evaluation2609 = (
    await post("/api/v3/evaluations/create", {
      model_id: ids.deployedModel2609,
      benchmark_id: ids.benchmark,
      evaluation_name: "Contract",
      baseline_model_id: "nugen-flash-instruct",
    })
  ).evaluation_id;
  t.advance(3_000);
  ids.trainingModel2609 = await modelOf2609(ids.trainingProject2609);
  // From here the clock stands still: what runs now is still running during the cases.
  await t.json(`/api/v3/models/undeploy-model/${ids.undeployingModel}`, { method: "DELETE" });
  await t.json(`/api/v3/models/deploy-model/${ids.deployingModel}`, { method: "POST" });
  ids.runningProject = (await project("Contract running")).alignment_id;
  ids.runningEvaluation = (
    await post("/api/v3/evaluations", { model_id: "nugen-flash-instruct", benchmark_id: ids.benchmark })
  ).evaluation_id;
  ids.processingBenchmark = (
    await post("/api/v3/benchmark/create", { documents: [ids.document], num_questions: 2 })
  ).benchmark_id;
  ids.processingBenchmark2609 = (
    await post("/api/v3/benchmarks/create", { document_ids: [ids.document2609], n_samples: 2 })
  ).benchmark_id;
  ids.evaluationToCreate2609 = (
    await post("/api/v3/evaluations/create", { model_id: "nugen-flash-instruct", benchmark_id: ids.benchmark })
  ).evaluation_id;

  // Agents: one to run and change, one inactive, one to delete; an answer engine with a thread.
  const agent = async (name: string) => (await post("/api/v3/agents/create", { agent_name: name })).data.id;
  ids.agent = await agent("Contract agent");
  ids.inactiveAgent = await agent("Contract inactive");
  await t.json(`/api/v3/agents/${ids.inactiveAgent}`, {
    method: "PATCH",
    body: JSON.stringify({ status: "INACTIVE" }),
  });
  ids.agentToDelete = await agent("Contract to delete");
  ids.answerEngine = (
    await t.json("/api/v3/answer-engine", { method: "POST", body: engineForm() })
  ).data.answer_engine_id;
  ids.thread = (
    await post(`/api/v3/answer-engine/${ids.answerEngine}/chat`, { query: "How long do refunds take?" })
  ).conv_thread_id;
  ids.prompt = (
    await t.json(`/api/v3/answer-engine/${ids.answerEngine}/system-prompt`, {
      method: "PATCH",
      body: JSON.stringify({ prompt_name: "brief", prompt_text: "Be brief." }),
    })
  ).prompt_id;
});
afterAll(() => t.close());

/** One request per operation that succeeds (200 unless it says): the base of its 401, 429 and 5XX cases too. */
const success: Partial<Record<OperationId, Omit<Case, "operationId" | "expectStatus"> & { expectStatus?: Expected }>> =
  {
    uploadDocuments: {
      init: () => ({
        method: "POST",
        body: form([
          ["files", new Blob(["Contract upload: a new text."]), "contract-new.md"],
          ["categories", "support"],
        ]),
      }),
    },
    listDocuments: {},
    getDocumentStatus: { url: () => `/api/v3/documents/${ids.upload}` },
    deleteDocument: { url: () => `/api/v3/documents/${ids.documentToDelete}`, init: () => ({ method: "DELETE" }) },
    createBenchmark: { init: () => json({ documents: [ids.document], num_questions: 2 }) },
    uploadBenchmark: {
      init: () => ({
        method: "POST",
        body: form([
          ["file", benchmarkFile(), "qa.json"],
          ["name", "Contract QA"],
          ["document_id", ids.document],
          ["description", "From the contract."],
        ]),
      }),
    },
    getBenchmarkStatus: { url: () => `/api/v3/benchmark/status/${ids.benchmark}` },
    getBenchmarkData: { url: () => `/api/v3/benchmark/${ids.benchmark}/data` },
    listBenchmarks: {},
    createAlignmentProject: {
      init: () =>
        json({
          name: "Contract",
          base_model: "nugen-flash-instruct",
          document_ids: [ids.document],
          benchmark_id: ids.benchmark,
        }),
    },
    getAlignmentStatus: { url: () => `/api/v3/alignment-project/status/${ids.deployedProject}` },
    getAlignmentProject: { url: () => `/api/v3/alignment-project/${ids.deployedProject}` },
    deleteAlignmentProject: {
      url: () => `/api/v3/alignment-project/${ids.projectToDelete}`,
      init: () => ({ method: "DELETE" }),
    },
    // Inference before undeployModel (below) undeploys the deployed model.
    createChatCompletion: {
      init: () =>
        json({
          model: ids.deployedModel,
          messages: [
            { role: "system", content: "Answer briefly." },
            { role: "user", content: "How many days do I have to return an unopened item?" },
          ],
          max_tokens: 64,
        }),
    },
    createCompletion: {
      init: () =>
        json({ model: ids.deployedModel, prompt: "Returns policy, in one sentence:", max_tokens: 64, stop: ["\n\n"] }),
    },
    createEmbeddings: {
      init: () =>
        json({
          model: "nomic-embed-text-v1.5",
          input: ["Unopened items can be returned within 30 days.", "Refunds take 5 business days."],
          dimensions: 8,
        }),
    },
    createRerank: {
      init: () =>
        json({
          model: "nomic-embed-text-v1.5",
          query: "How long do refunds take?",
          documents: [
            "Unopened items can be returned within 30 days.",
            { text: "Refunds are issued within 5 business days.", source: "policy.md" },
          ],
          top_n: 2,
          return_documents: true,
        }),
    },
    listAlignedModels: {},
    listBaseModels: {},
    deployModel: {
      url: () => `/api/v3/models/deploy-model/${encodeURIComponent(ids.deployableModel)}`,
      init: () => ({ method: "POST" }),
    },
    getDeploymentStatus: { url: () => `/api/v3/models/deploy-model/${encodeURIComponent(ids.deployedModel)}/status` },
    undeployModel: {
      url: () => `/api/v3/models/undeploy-model/${encodeURIComponent(ids.deployedModel)}`,
      init: () => ({ method: "DELETE" }),
    },
    getUndeploymentStatus: { url: () => `/api/v3/models/undeploy-model/${ids.undeployingModel}/status` },
    createEvaluation: {
      init: () =>
        json({
          model_id: "llama-v3p2-3b-reasoning",
          model_id_2: ids.deployedModel,
          benchmark_id: ids.benchmark,
          judge_provider: "openai",
          custom_metrics: ["tone"],
        }),
    },
    listEvaluations: { url: () => "/api/v3/evaluations?limit=2&offset=1&status=READY" },
    getEvaluationStatus: { url: () => `/api/v3/evaluations/${ids.runningEvaluation}/status` },
    getEvaluationResults: { url: () => `/api/v3/evaluations/${ids.finishedEvaluation}/results` },
    downloadEvaluationResults: { url: () => `/api/v3/evaluations/${ids.finishedEvaluation}/download` },
    deleteEvaluation: {
      url: () => `/api/v3/evaluations/${ids.evaluationToDelete}`,
      init: () => ({ method: "DELETE" }),
    },
    // The 2026-09 generation
    getOpenApiDocument: {},
    uploadDocuments2609: {
      init: () => ({
        method: "POST",
        body: form([
          ["files", new Blob(["Contract upload, the 2026-09 way: a new text."]), "contract-new-2609.md"],
          ["names", "Contract upload"],
          ["categories", "support"],
        ]),
      }),
    },
    listDocuments2609: { url: () => "/api/v3/documents/list?limit=100&offset=0" },
    getDocumentStatus2609: { url: () => `/api/v3/documents/${ids.document2609}/status` },
    createBenchmark2609: {
      init: () => json({ document_ids: [ids.document2609], n_samples: 2, benchmark_name: "Contract" }),
    },
    uploadBenchmark2609: {
      init: () => ({
        method: "POST",
        body: form([
          ["file", samplesFile(), "samples.json"],
          ["benchmark_name", "Contract samples"],
          ["document_id", ids.document2609],
          ["description", "From the contract."],
        ]),
      }),
    },
    getBenchmarkStatus2609: { url: () => `/api/v3/benchmarks/${ids.benchmark2609}/status` },
    getBenchmarkData2609: { url: () => `/api/v3/benchmarks/${ids.benchmark2609}/data` },
    createAlignmentProject2609: {
      init: () =>
        json({
          alignment_name: "Contract",
          base_model_id: "nugen-flash-instruct",
          document_ids: [ids.document2609],
          benchmark_id: ids.benchmark2609,
          description: "From the contract.",
          workflow_id: null,
        }),
    },
    getAlignmentStatus2609: { url: () => `/api/v3/alignment-projects/${ids.deployedProject2609}/status` },
    getAlignmentProject2609: { url: () => `/api/v3/alignment-projects/${ids.deployedProject2609}` },
    listAlignmentProjects: { url: () => "/api/v3/alignment-projects/list?limit=2&offset=1" },
    getModel: { url: () => `/api/v3/models/${ids.deployedModel2609}` },
    deployModel2609: {
      url: () => `/api/v3/models/${ids.deployableModel2609}/deployment?early=false`,
      init: () => ({ method: "POST" }),
    },
    getDeploymentStatus2609: { url: () => `/api/v3/models/${ids.deployedModel2609}/deployment/status` },
    undeployModel2609: {
      url: () => `/api/v3/models/${ids.deployedModel2609}/deployment`,
      init: () => ({ method: "DELETE" }),
    },
    createEvaluation2609: {
      init: () =>
        json({
          model_id: ids.deployedModel2609,
          benchmark_id: ids.benchmark2609,
          evaluation_name: "Contract",
          baseline_model_id: "nugen-flash-instruct",
        }),
    },
    getEvaluation: { url: () => `/api/v3/evaluations/${ids.evaluation2609}` },
    createAgent: {
      init: () =>
        json({
          agent_name: "Contract new agent",
          agent_description: "Made by the contract.",
          model: "alignment-xyz789-deployed",
          instructions: "Answer in one sentence.",
          temperature: 0.2,
          max_token: 64,
          demonstrations: [
            { user_input: "Hello?", model_output: "Hello." },
            { input: "Refund?", output: "Within 5 business days." },
          ],
        }),
    },
    listAgents: { url: () => "/api/v3/agents?include_inactive=true" },
    getAgentUsage: {},
    listAgentModels: {},
    getAgent: { url: () => `/api/v3/agents/${ids.agent}` },
    updateAgent: {
      url: () => `/api/v3/agents/${ids.agent}`,
      init: () =>
        json(
          { instructions: "Answer briefly.", max_tokens: 80, demonstrations: [{ input: "Hi", output: "Hello." }] },
          "PATCH",
        ),
    },
    deleteAgent: {
      expectStatus: 204,
      url: () => `/api/v3/agents/${ids.agentToDelete}`,
      init: () => ({ method: "DELETE" }),
    },
    runAgent: {
      url: () => runPath("Contract agent"),
      init: () => ({
        ...json({ message: "How long do refunds take?" }),
        headers: { ...jsonHeaders, "x-session-id": "contract-session" },
      }),
    },
    createAnswerEngine: {
      init: () => ({
        method: "POST",
        body: engineForm(
          [
            ["documents", new Blob(["Batteries charge in 4.5 hours with the 4 A charger."]), "charging.md"],
            ["s3_uris", "s3://contract/manual.md"],
            ["s3_prefix", "s3://contract/more/"],
          ],
          [
            ["model_llm", "nugen-flash-instruct"],
            ["model_embedding", "nomic-embed-text-v1.5"],
            ["model_reranker", "bge-reranker-v2-m3"],
            ["temperature", "0.1"],
            ["max_tokens", "120"],
            ["system_prompt", "Quote the documents."],
          ],
        ),
      }),
    },
    chatWithAnswerEngine: {
      url: () => `/api/v3/answer-engine/${ids.answerEngine}/chat`,
      init: () => json({ query: "Who pays the return label for a defective product?", top_k: 3 }),
    },
    retrieveFromAnswerEngine: {
      url: () => `/api/v3/answer-engine/${ids.answerEngine}/retrieve`,
      init: () => json({ query: "refunds", top_k: 2 }),
    },
    updateAnswerEngineSystemPrompt: {
      url: () => `/api/v3/answer-engine/${ids.answerEngine}/system-prompt`,
      init: () => json({ prompt_name: "concise", prompt_text: "Answer in one sentence." }, "PATCH"),
    },
    listApiKeys: {},
  };

const withPath = (operationId: OperationId, id: string) => () => operations[operationId].path.replace(/\{[^}]+\}/, id);
const methodOf = (operationId: OperationId) => ({ method: operations[operationId].method });

/** The cases that need a particular state or input, in the order they run. */
const specific: Case[] = [
  // Documents
  {
    operationId: "getDocumentStatus",
    expectStatus: 200,
    note: "by doc_ id",
    url: () => `/api/v3/documents/${ids.document}`,
  },
  {
    operationId: "uploadDocuments",
    expectStatus: 400,
    note: "not a text file",
    init: () => ({
      method: "POST",
      body: form([["files", new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]), "logo.png"]]),
    }),
  },
  {
    operationId: "uploadDocuments",
    expectStatus: 409,
    note: "already uploaded",
    init: () => ({ method: "POST", body: form([["files", new Blob([RETURNS_POLICY]), "copy.md"]]) }),
  },
  {
    operationId: "uploadDocuments",
    expectStatus: 413,
    init: () => ({ method: "POST", body: form([["files", new Blob(["x".repeat(MAX_UPLOAD * 2)]), "big.txt"]]) }),
  },
  {
    operationId: "uploadDocuments",
    expectStatus: 422,
    note: "no files",
    init: () => ({ method: "POST", body: form([["categories", "support"]]) }),
  },
  { operationId: "getDocumentStatus", expectStatus: 404, url: withPath("getDocumentStatus", "upl_UNKNOWN") },
  { operationId: "getDocumentStatus", expectStatus: 422, url: withPath("getDocumentStatus", tooLong) },
  {
    operationId: "deleteDocument",
    expectStatus: 404,
    url: withPath("deleteDocument", "doc_UNKNOWN"),
    init: () => methodOf("deleteDocument"),
  },
  {
    operationId: "deleteDocument",
    expectStatus: 422,
    url: withPath("deleteDocument", tooLong),
    init: () => methodOf("deleteDocument"),
  },
  // Benchmarks
  {
    operationId: "getBenchmarkStatus",
    expectStatus: 200,
    note: "processing",
    url: () => `/api/v3/benchmark/status/${ids.processingBenchmark}`,
  },
  {
    operationId: "getBenchmarkData",
    expectStatus: 200,
    note: "uploaded",
    url: () => `/api/v3/benchmark/${ids.uploadedBenchmark}/data`,
  },
  {
    operationId: "createBenchmark",
    expectStatus: 400,
    note: "unknown document",
    init: () => json({ documents: ["doc_UNKNOWN"], num_questions: 2 }),
  },
  { operationId: "createBenchmark", expectStatus: 422, init: () => json({ documents: [], num_questions: 0 }) },
  {
    operationId: "uploadBenchmark",
    expectStatus: 400,
    note: "not a list of questions",
    init: () => ({
      method: "POST",
      body: form([
        ["file", new Blob(['{"question": 1}']), "qa.json"],
        ["name", "Bad"],
        ["document_id", ids.document],
      ]),
    }),
  },
  {
    operationId: "uploadBenchmark",
    expectStatus: 413,
    init: () => ({
      method: "POST",
      body: form([
        ["file", new Blob(["[".repeat(MAX_UPLOAD * 2)]), "qa.json"],
        ["name", "Big"],
        ["document_id", ids.document],
      ]),
    }),
  },
  {
    operationId: "uploadBenchmark",
    expectStatus: 422,
    note: "no file",
    init: () => ({
      method: "POST",
      body: form([
        ["name", "No file"],
        ["document_id", ids.document],
      ]),
    }),
  },
  { operationId: "getBenchmarkStatus", expectStatus: 404, url: withPath("getBenchmarkStatus", "benchmark_UNKNOWN") },
  { operationId: "getBenchmarkStatus", expectStatus: 422, url: withPath("getBenchmarkStatus", tooLong) },
  { operationId: "getBenchmarkData", expectStatus: 404, url: withPath("getBenchmarkData", "benchmark_UNKNOWN") },
  { operationId: "getBenchmarkData", expectStatus: 422, url: withPath("getBenchmarkData", tooLong) },
  // Alignment projects
  {
    operationId: "createAlignmentProject",
    expectStatus: 404,
    note: "unknown document",
    init: () => json({ name: "Contract", base_model: "nugen-flash-instruct", document_ids: ["doc_UNKNOWN"] }),
  },
  { operationId: "createAlignmentProject", expectStatus: 422, init: () => json({}) },
  {
    operationId: "createAlignmentProject",
    expectStatus: 422,
    note: "invalid JSON",
    init: () => ({ method: "POST", body: "not json", headers: jsonHeaders }),
  },
  {
    operationId: "getAlignmentStatus",
    expectStatus: 200,
    note: "running",
    url: () => `/api/v3/alignment-project/status/${ids.runningProject}`,
  },
  { operationId: "getAlignmentStatus", expectStatus: 404, url: withPath("getAlignmentStatus", "alignment_UNKNOWN") },
  { operationId: "getAlignmentStatus", expectStatus: 422, url: withPath("getAlignmentStatus", tooLong) },
  {
    operationId: "getAlignmentProject",
    expectStatus: 200,
    note: "running",
    url: () => `/api/v3/alignment-project/${ids.runningProject}`,
  },
  { operationId: "getAlignmentProject", expectStatus: 404, url: withPath("getAlignmentProject", "alignment_UNKNOWN") },
  { operationId: "getAlignmentProject", expectStatus: 422, url: withPath("getAlignmentProject", tooLong) },
  {
    operationId: "deleteAlignmentProject",
    expectStatus: 400,
    note: "model deployed",
    url: () => `/api/v3/alignment-project/${ids.deployedProject}`,
    init: () => methodOf("deleteAlignmentProject"),
  },
  {
    operationId: "deleteAlignmentProject",
    expectStatus: 404,
    url: withPath("deleteAlignmentProject", "alignment_UNKNOWN"),
    init: () => methodOf("deleteAlignmentProject"),
  },
  {
    operationId: "deleteAlignmentProject",
    expectStatus: 422,
    url: withPath("deleteAlignmentProject", tooLong),
    init: () => methodOf("deleteAlignmentProject"),
  },
  // Models
  {
    operationId: "deployModel",
    expectStatus: 400,
    note: "undeploying",
    url: () => `/api/v3/models/deploy-model/${ids.undeployingModel}`,
    init: () => methodOf("deployModel"),
  },
  {
    operationId: "deployModel",
    expectStatus: 404,
    url: withPath("deployModel", "-no_such-model"),
    init: () => methodOf("deployModel"),
  },
  {
    operationId: "deployModel",
    expectStatus: 422,
    url: withPath("deployModel", tooLong),
    init: () => methodOf("deployModel"),
  },
  {
    operationId: "getDeploymentStatus",
    expectStatus: 200,
    note: "pending",
    url: () => `/api/v3/models/deploy-model/${ids.deployingModel}/status`,
  },
  { operationId: "getDeploymentStatus", expectStatus: 404, url: withPath("getDeploymentStatus", "-no_such-model") },
  { operationId: "getDeploymentStatus", expectStatus: 422, url: withPath("getDeploymentStatus", tooLong) },
  {
    operationId: "undeployModel",
    expectStatus: 400,
    note: "not deployed",
    url: withPath("undeployModel", "alignment-abc456"),
    init: () => methodOf("undeployModel"),
  },
  {
    operationId: "undeployModel",
    expectStatus: 404,
    url: withPath("undeployModel", "-no_such-model"),
    init: () => methodOf("undeployModel"),
  },
  {
    operationId: "undeployModel",
    expectStatus: 422,
    url: withPath("undeployModel", tooLong),
    init: () => methodOf("undeployModel"),
  },
  { operationId: "getUndeploymentStatus", expectStatus: 404, url: withPath("getUndeploymentStatus", "-no_such-model") },
  { operationId: "getUndeploymentStatus", expectStatus: 422, url: withPath("getUndeploymentStatus", tooLong) },
  // Evaluations
  {
    operationId: "createEvaluation",
    expectStatus: 400,
    note: "benchmark not ready",
    init: () => json({ model_id: "nugen-flash-instruct", benchmark_id: ids.processingBenchmark }),
  },
  {
    operationId: "createEvaluation",
    expectStatus: 404,
    note: "unknown model",
    init: () => json({ model_id: "-no_such-model", benchmark_id: ids.benchmark }),
  },
  {
    operationId: "createEvaluation",
    expectStatus: 422,
    init: () => json({ model_id: "m", benchmark_id: "b", judge_provider: "someone" }),
  },
  {
    operationId: "listEvaluations",
    expectStatus: 200,
    note: "filtered by model",
    url: () => `/api/v3/evaluations?model_id=${encodeURIComponent(ids.deployedModel)}`,
  },
  { operationId: "listEvaluations", expectStatus: 422, url: () => "/api/v3/evaluations?limit=101" },
  {
    operationId: "getEvaluationStatus",
    expectStatus: 200,
    note: "the project's own",
    url: () => `/api/v3/evaluations/${ids.projectEvaluation}/status`,
  },
  { operationId: "getEvaluationStatus", expectStatus: 404, url: withPath("getEvaluationStatus", "eval_UNKNOWN") },
  { operationId: "getEvaluationStatus", expectStatus: 422, url: withPath("getEvaluationStatus", tooLong) },
  {
    operationId: "getEvaluationResults",
    expectStatus: 200,
    note: "one model",
    url: () => `/api/v3/evaluations/${ids.projectEvaluation}/results`,
  },
  {
    operationId: "getEvaluationResults",
    expectStatus: 400,
    note: "not complete",
    url: () => `/api/v3/evaluations/${ids.runningEvaluation}/results`,
  },
  { operationId: "getEvaluationResults", expectStatus: 404, url: withPath("getEvaluationResults", "eval_UNKNOWN") },
  { operationId: "getEvaluationResults", expectStatus: 422, url: withPath("getEvaluationResults", tooLong) },
  {
    operationId: "downloadEvaluationResults",
    expectStatus: 400,
    note: "not complete",
    url: () => `/api/v3/evaluations/${ids.runningEvaluation}/download`,
  },
  {
    operationId: "downloadEvaluationResults",
    expectStatus: 404,
    url: withPath("downloadEvaluationResults", "eval_UNKNOWN"),
  },
  { operationId: "downloadEvaluationResults", expectStatus: 422, url: withPath("downloadEvaluationResults", tooLong) },
  {
    operationId: "deleteEvaluation",
    expectStatus: 404,
    url: withPath("deleteEvaluation", "eval_UNKNOWN"),
    init: () => methodOf("deleteEvaluation"),
  },
  {
    operationId: "deleteEvaluation",
    expectStatus: 422,
    url: withPath("deleteEvaluation", tooLong),
    init: () => methodOf("deleteEvaluation"),
  },
  // Inference
  {
    operationId: "createChatCompletion",
    expectStatus: 200,
    note: "stream, aligned model",
    stream: true,
    init: () =>
      json({
        model: ids.deployedModel,
        messages: [{ role: "user", content: "Who pays the return label for a defective product?" }],
        stream: true,
      }),
  },
  {
    operationId: "createChatCompletion",
    expectStatus: 200,
    note: "stream, base model, two choices",
    stream: true,
    init: () =>
      json({
        model: "nugen-flash-instruct",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Is this label still valid?" },
              { type: "image_url", image_url: { url: "https://example.org/label.png" } },
            ],
          },
        ],
        n: 2,
        stream: true,
      }),
  },
  {
    operationId: "createChatCompletion",
    expectStatus: 200,
    note: "stream ending with an error event",
    stream: true,
    streamError: true,
    init: () => ({
      ...json({
        model: ids.deployedModel,
        messages: [{ role: "user", content: "How long do refunds take?" }],
        stream: true,
      }),
      headers: { ...jsonHeaders, "x-sandbox-stream-error-after": "4" },
    }),
  },
  {
    operationId: "createChatCompletion",
    expectStatus: 200,
    note: "base model, cut by max_tokens",
    init: () =>
      json({
        model: "llama-v3p2-3b-reasoning",
        messages: [{ role: "user", content: "Hello" }],
        max_tokens: 3,
        reasoning: { effort: "low" },
      }),
  },
  {
    operationId: "createChatCompletion",
    expectStatus: 400,
    note: "model not deployed",
    init: () => json({ model: ids.deployableModel, messages: [{ role: "user", content: "Hello" }] }),
  },
  {
    operationId: "createChatCompletion",
    expectStatus: 404,
    init: () => json({ model: "-no_such-model", messages: [{ role: "user", content: "Hello" }] }),
  },
  {
    operationId: "createChatCompletion",
    expectStatus: 422,
    init: () => json({ model: "nugen-flash-instruct", messages: [] }),
  },
  {
    operationId: "createCompletion",
    expectStatus: 200,
    note: "stream, aligned model, two prompts",
    stream: true,
    init: () => json({ model: ids.deployedModel, prompt: ["Refunds:", "Gift returns:"], max_tokens: 12, stream: true }),
  },
  {
    operationId: "createCompletion",
    expectStatus: 200,
    note: "token ids, base model",
    init: () =>
      json({
        model: "nugen-flash-instruct",
        prompt: [
          [791, 4780],
          [42, 9712],
        ],
      }),
  },
  {
    operationId: "createCompletion",
    expectStatus: 400,
    note: "model not deployed",
    init: () => json({ model: "alignment-abc456", prompt: "Hello" }),
  },
  {
    operationId: "createCompletion",
    expectStatus: 404,
    init: () => json({ model: "-no_such-model", prompt: "Hello" }),
  },
  {
    operationId: "createCompletion",
    expectStatus: 422,
    init: () => json({ model: "nugen-flash-instruct", prompt: [], max_tokens: 0 }),
  },
  {
    operationId: "createEmbeddings",
    expectStatus: 200,
    note: "one text, default dimensions",
    init: () => json({ model: "nomic-embed-text-v1.5", input: "Unopened items can be returned within 30 days." }),
  },
  {
    operationId: "createEmbeddings",
    expectStatus: 400,
    note: "a chat model",
    init: () => json({ model: "nugen-flash-instruct", input: "Hello" }),
  },
  { operationId: "createEmbeddings", expectStatus: 404, init: () => json({ model: "-no_such-model", input: "Hello" }) },
  {
    operationId: "createEmbeddings",
    expectStatus: 422,
    init: () => json({ model: "nomic-embed-text-v1.5", input: "" }),
  },
  {
    operationId: "createRerank",
    expectStatus: 200,
    note: "two stages",
    init: () =>
      json({
        model: "nomic-embed-text-v1.5",
        query: "refunds",
        documents: ["Refunds take 5 days.", "Returns take 30 days."],
        method: "standard",
        model_cross: "BAAI/bge-reranker-v2-m3",
        stage1_top_k: 1,
      }),
  },
  {
    operationId: "createRerank",
    expectStatus: 400,
    note: "a chat model as cross-encoder",
    init: () =>
      json({
        model: "nomic-embed-text-v1.5",
        query: "q",
        documents: ["a"],
        method: "optimal",
        model_cross: "nugen-flash-instruct",
      }),
  },
  {
    operationId: "createRerank",
    expectStatus: 404,
    init: () => json({ model: "-no_such-model", query: "q", documents: ["a"] }),
  },
  {
    operationId: "createRerank",
    expectStatus: 422,
    note: "standard without model_cross",
    init: () => json({ model: "nomic-embed-text-v1.5", query: "q", documents: ["a"], method: "standard" }),
  },
  // The 2026-09 generation: documents
  {
    operationId: "uploadDocuments2609",
    expectStatus: 400,
    note: "not a text file",
    init: () => ({
      method: "POST",
      body: form([["files", new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]), "logo.png"]]),
    }),
  },
  {
    operationId: "uploadDocuments2609",
    expectStatus: 409,
    note: "a file name uploaded before",
    init: () => ({ method: "POST", body: form([["files", new Blob(["Other words."]), CONTRACT_2609_FILE]]) }),
  },
  {
    operationId: "uploadDocuments2609",
    expectStatus: 413,
    init: () => ({ method: "POST", body: form([["files", new Blob(["x".repeat(MAX_UPLOAD * 2)]), "big-2609.txt"]]) }),
  },
  {
    operationId: "uploadDocuments2609",
    expectStatus: 422,
    note: "no files",
    init: () => ({ method: "POST", body: form([["names", "No file"]]) }),
  },
  { operationId: "listDocuments2609", expectStatus: 422, url: () => "/api/v3/documents/list?limit=101" },
  {
    operationId: "getDocumentStatus2609",
    expectStatus: 200,
    note: "a 2026-07 document",
    url: () => `/api/v3/documents/${ids.document}/status`,
  },
  {
    operationId: "getDocumentStatus2609",
    expectStatus: 404,
    url: withPath("getDocumentStatus2609", "document_UNKNOWN"),
  },
  { operationId: "getDocumentStatus2609", expectStatus: 422, url: withPath("getDocumentStatus2609", tooLong) },
  // The 2026-09 generation: benchmarks
  {
    operationId: "createBenchmark2609",
    expectStatus: 404,
    note: "unknown document",
    init: () => json({ document_ids: ["document_UNKNOWN"] }),
  },
  { operationId: "createBenchmark2609", expectStatus: 422, init: () => json({ document_ids: [], n_samples: 0 }) },
  {
    operationId: "uploadBenchmark2609",
    expectStatus: 400,
    note: "not a list of samples",
    init: () => ({
      method: "POST",
      body: form([
        ["file", new Blob(["{}"]), "samples.json"],
        ["benchmark_name", "Bad"],
        ["document_id", ids.document2609],
      ]),
    }),
  },
  {
    operationId: "uploadBenchmark2609",
    expectStatus: 404,
    note: "unknown document",
    init: () => ({
      method: "POST",
      body: form([
        ["file", samplesFile(), "samples.json"],
        ["benchmark_name", "Lost"],
        ["document_id", "document_UNKNOWN"],
      ]),
    }),
  },
  {
    operationId: "uploadBenchmark2609",
    expectStatus: 413,
    init: () => ({
      method: "POST",
      body: form([
        ["file", new Blob(["x".repeat(MAX_UPLOAD * 2)]), "big.json"],
        ["benchmark_name", "Big"],
        ["document_id", ids.document2609],
      ]),
    }),
  },
  {
    operationId: "uploadBenchmark2609",
    expectStatus: 422,
    note: "no benchmark_name",
    init: () => ({
      method: "POST",
      body: form([
        ["file", samplesFile(), "samples.json"],
        ["document_id", ids.document2609],
      ]),
    }),
  },
  {
    operationId: "getBenchmarkStatus2609",
    expectStatus: 200,
    note: "processing",
    url: () => `/api/v3/benchmarks/${ids.processingBenchmark2609}/status`,
  },
  {
    operationId: "getBenchmarkStatus2609",
    expectStatus: 404,
    url: withPath("getBenchmarkStatus2609", "benchmark_UNKNOWN"),
  },
  { operationId: "getBenchmarkStatus2609", expectStatus: 422, url: withPath("getBenchmarkStatus2609", tooLong) },
  {
    operationId: "getBenchmarkData2609",
    expectStatus: 200,
    note: "processing",
    url: () => `/api/v3/benchmarks/${ids.processingBenchmark2609}/data`,
  },
  {
    operationId: "getBenchmarkData2609",
    expectStatus: 404,
    url: withPath("getBenchmarkData2609", "benchmark_UNKNOWN"),
  },
  { operationId: "getBenchmarkData2609", expectStatus: 422, url: withPath("getBenchmarkData2609", tooLong) },
  // The 2026-09 generation: alignment projects
  {
    operationId: "createAlignmentProject2609",
    expectStatus: 404,
    note: "unknown document",
    init: () =>
      json({ alignment_name: "Lost", base_model_id: "nugen-flash-instruct", document_ids: ["document_UNKNOWN"] }),
  },
  {
    operationId: "createAlignmentProject2609",
    expectStatus: 422,
    note: "2026-07 names",
    init: () => json({ name: "Old names", base_model: "nugen-flash-instruct", document_ids: [ids.document2609] }),
  },
  {
    operationId: "getAlignmentStatus2609",
    expectStatus: 200,
    note: "training",
    url: () => `/api/v3/alignment-projects/${ids.trainingProject2609}/status`,
  },
  {
    operationId: "getAlignmentStatus2609",
    expectStatus: 404,
    url: withPath("getAlignmentStatus2609", "alignment_UNKNOWN"),
  },
  { operationId: "getAlignmentStatus2609", expectStatus: 422, url: withPath("getAlignmentStatus2609", tooLong) },
  {
    operationId: "getAlignmentProject2609",
    expectStatus: 200,
    note: "a 2026-07 project",
    url: () => `/api/v3/alignment-projects/${ids.deployedProject}`,
  },
  {
    operationId: "getAlignmentProject2609",
    expectStatus: 404,
    url: withPath("getAlignmentProject2609", "alignment_UNKNOWN"),
  },
  { operationId: "getAlignmentProject2609", expectStatus: 422, url: withPath("getAlignmentProject2609", tooLong) },
  { operationId: "listAlignmentProjects", expectStatus: 422, url: () => "/api/v3/alignment-projects/list?offset=-1" },
  // The 2026-09 generation: models
  {
    operationId: "getModel",
    expectStatus: 200,
    note: "a seed model",
    url: () => `/api/v3/models/${encodeURIComponent("alignment-xyz789-deployed")}`,
  },
  { operationId: "getModel", expectStatus: 404, url: withPath("getModel", "model_UNKNOWN") },
  { operationId: "getModel", expectStatus: 422, url: withPath("getModel", tooLong) },
  {
    operationId: "deployModel2609",
    expectStatus: 400,
    note: "already deployed",
    url: () => `/api/v3/models/${ids.deployedModel2609}/deployment`,
    init: () => methodOf("deployModel2609"),
  },
  {
    operationId: "deployModel2609",
    expectStatus: 404,
    url: withPath("deployModel2609", "model_UNKNOWN"),
    init: () => methodOf("deployModel2609"),
  },
  {
    operationId: "deployModel2609",
    expectStatus: 409,
    note: "still training",
    url: () => `/api/v3/models/${ids.trainingModel2609}/deployment?early=true`,
    init: () => methodOf("deployModel2609"),
  },
  {
    operationId: "deployModel2609",
    expectStatus: 422,
    url: () => `/api/v3/models/${ids.deployableModel2609}/deployment?early=maybe`,
    init: () => methodOf("deployModel2609"),
  },
  {
    operationId: "getDeploymentStatus2609",
    expectStatus: 200,
    note: "never deployed",
    url: () => `/api/v3/models/${ids.trainingModel2609}/deployment/status`,
  },
  {
    operationId: "getDeploymentStatus2609",
    expectStatus: 404,
    url: withPath("getDeploymentStatus2609", "model_UNKNOWN"),
  },
  { operationId: "getDeploymentStatus2609", expectStatus: 422, url: withPath("getDeploymentStatus2609", tooLong) },
  {
    operationId: "undeployModel2609",
    expectStatus: 400,
    note: "not deployed",
    url: () => `/api/v3/models/${ids.deployableModel2609}/deployment`,
    init: () => methodOf("undeployModel2609"),
  },
  {
    operationId: "undeployModel2609",
    expectStatus: 404,
    url: withPath("undeployModel2609", "model_UNKNOWN"),
    init: () => methodOf("undeployModel2609"),
  },
  {
    operationId: "undeployModel2609",
    expectStatus: 422,
    url: withPath("undeployModel2609", tooLong),
    init: () => methodOf("undeployModel2609"),
  },
  // The 2026-09 generation: evaluations
  {
    operationId: "createEvaluation2609",
    expectStatus: 400,
    note: "benchmark not ready",
    init: () => json({ model_id: "nugen-flash-instruct", benchmark_id: ids.processingBenchmark2609 }),
  },
  {
    operationId: "createEvaluation2609",
    expectStatus: 404,
    note: "unknown model",
    init: () => json({ model_id: "model_UNKNOWN", benchmark_id: ids.benchmark2609 }),
  },
  {
    operationId: "createEvaluation2609",
    expectStatus: 422,
    note: "an empty name",
    init: () => json({ model_id: "nugen-flash-instruct", benchmark_id: ids.benchmark2609, evaluation_name: "" }),
  },
  {
    operationId: "getEvaluation",
    expectStatus: 200,
    note: "just created",
    url: () => `/api/v3/evaluations/${ids.evaluationToCreate2609}`,
  },
  { operationId: "getEvaluation", expectStatus: 404, url: withPath("getEvaluation", "evaluation_UNKNOWN") },
  { operationId: "getEvaluation", expectStatus: 422, url: withPath("getEvaluation", tooLong) },
  {
    operationId: "getEvaluationResults",
    expectStatus: 400,
    note: "a 2026-09 evaluation not complete",
    url: () => `/api/v3/evaluations/${ids.evaluationToCreate2609}/results`,
  },
  // Bodies over the limit
  { operationId: "createAlignmentProject2609", expectStatus: 413, note: "JSON body over the limit", init: oversized },
  { operationId: "createBenchmark2609", expectStatus: 413, note: "JSON body over the limit", init: oversized },
  { operationId: "createEvaluation2609", expectStatus: 413, note: "JSON body over the limit", init: oversized },
  { operationId: "createAlignmentProject", expectStatus: 413, note: "JSON body over the limit", init: oversized },
  { operationId: "createBenchmark", expectStatus: 413, note: "JSON body over the limit", init: oversized },
  { operationId: "createEvaluation", expectStatus: 413, note: "JSON body over the limit", init: oversized },
  { operationId: "createChatCompletion", expectStatus: 413, note: "JSON body over the limit", init: oversized },
  { operationId: "createCompletion", expectStatus: 413, note: "JSON body over the limit", init: oversized },
  { operationId: "createEmbeddings", expectStatus: 413, note: "JSON body over the limit", init: oversized },
  { operationId: "createRerank", expectStatus: 413, note: "JSON body over the limit", init: oversized },
  // Agents
  {
    operationId: "createAgent",
    expectStatus: 400,
    note: "name taken",
    init: () => json({ agent_name: "contract_agent" }),
  },
  {
    operationId: "createAgent",
    expectStatus: 400,
    note: "a model that cannot chat",
    init: () => json({ agent_name: "Contract embedder", model: "qwen3-embedding-8b" }),
  },
  {
    operationId: "createAgent",
    expectStatus: 404,
    note: "unknown model",
    init: () => json({ agent_name: "Contract nobody", model: "-no_such-model" }),
  },
  { operationId: "createAgent", expectStatus: 413, note: "JSON body over the limit", init: oversized },
  {
    operationId: "createAgent",
    expectStatus: 422,
    init: () => json({ agent_name: "", demonstrations: [{ input: "only half" }] }),
  },
  { operationId: "listAgents", expectStatus: 200, note: "active only", url: () => "/api/v3/agents" },
  { operationId: "listAgents", expectStatus: 422, url: () => "/api/v3/agents?include_inactive=maybe" },
  { operationId: "getAgent", expectStatus: 404, url: withPath("getAgent", "no_such_agent") },
  { operationId: "getAgent", expectStatus: 422, url: withPath("getAgent", tooLong) },
  {
    operationId: "updateAgent",
    expectStatus: 400,
    note: "renamed to a name taken",
    url: () => `/api/v3/agents/${ids.agent}`,
    init: () => json({ agent_name: "Contract inactive" }, "PATCH"),
  },
  {
    operationId: "updateAgent",
    expectStatus: 404,
    url: withPath("updateAgent", "no_such_agent"),
    init: () => json({ status: "ACTIVE" }, "PATCH"),
  },
  {
    operationId: "updateAgent",
    expectStatus: 413,
    note: "JSON body over the limit",
    url: () => `/api/v3/agents/${ids.agent}`,
    init: () => json({ padding: "x".repeat(MAX_JSON * 4) }, "PATCH"),
  },
  {
    operationId: "updateAgent",
    expectStatus: 422,
    note: "nothing to change",
    url: () => `/api/v3/agents/${ids.agent}`,
    init: () => json({}, "PATCH"),
  },
  {
    operationId: "deleteAgent",
    expectStatus: 404,
    url: withPath("deleteAgent", "no_such_agent"),
    init: () => methodOf("deleteAgent"),
  },
  {
    operationId: "deleteAgent",
    expectStatus: 422,
    url: withPath("deleteAgent", tooLong),
    init: () => methodOf("deleteAgent"),
  },
  {
    operationId: "runAgent",
    expectStatus: 200,
    note: "stream",
    stream: true,
    url: () => runPath("contract_agent"),
    init: () => ({ ...json({ message: "Hello" }), headers: { ...jsonHeaders, accept: "text/event-stream" } }),
  },
  {
    operationId: "runAgent",
    expectStatus: 200,
    note: "stream ending with an error event",
    stream: true,
    streamError: true,
    url: () => runPath("Contract agent"),
    init: () => ({
      ...json({ message: "Hello" }),
      headers: { ...jsonHeaders, accept: "text/event-stream", "x-sandbox-stream-error-after": "2" },
    }),
  },
  {
    operationId: "runAgent",
    expectStatus: 400,
    note: "inactive",
    url: () => runPath("Contract inactive"),
    init: () => json({ message: "Hello" }),
  },
  {
    operationId: "runAgent",
    expectStatus: 402,
    note: "quota used up",
    url: () => runPath("Contract agent"),
    init: () => ({ ...json({ message: "Hello" }), headers: { ...jsonHeaders, "x-sandbox-agent-run-quota": "0" } }),
  },
  {
    operationId: "runAgent",
    expectStatus: 404,
    note: "by id, not name",
    url: () => runPath(ids.agent),
    init: () => json({ message: "Hello" }),
  },
  {
    operationId: "runAgent",
    expectStatus: 413,
    note: "JSON body over the limit",
    url: () => runPath("Contract agent"),
    init: oversized,
  },
  {
    operationId: "runAgent",
    expectStatus: 422,
    url: () => runPath("Contract agent"),
    init: () => json({ message: "" }),
  },
  // Answer engines
  {
    operationId: "createAnswerEngine",
    expectStatus: 400,
    note: "no source",
    init: () => ({ method: "POST", body: engineForm([]) }),
  },
  {
    operationId: "createAnswerEngine",
    expectStatus: 400,
    note: "a chat model to embed",
    init: () => ({
      method: "POST",
      body: engineForm(undefined, [
        ["model_llm", "nugen-flash-instruct"],
        ["model_embedding", "nugen-flash-instruct"],
      ]),
    }),
  },
  {
    operationId: "createAnswerEngine",
    expectStatus: 404,
    note: "unknown model",
    init: () => ({
      method: "POST",
      body: engineForm(undefined, [
        ["model_llm", "-no_such-model"],
        ["model_embedding", "qwen3-embedding-8b"],
      ]),
    }),
  },
  {
    operationId: "createAnswerEngine",
    expectStatus: 413,
    init: () => ({
      method: "POST",
      body: engineForm([["documents", new Blob(["x".repeat(MAX_UPLOAD * 2)]), "big.md"]]),
    }),
  },
  {
    operationId: "createAnswerEngine",
    expectStatus: 422,
    note: "no models",
    init: () => ({ method: "POST", body: engineForm(undefined, []) }),
  },
  {
    operationId: "chatWithAnswerEngine",
    expectStatus: 200,
    note: "agentic follow-up in a thread, with a stored prompt",
    url: () => `/api/v3/answer-engine/${ids.answerEngine}/chat`,
    init: () => json({ query: "And for gifts?", mode: "agentic", conv_thread_id: ids.thread, prompt_id: ids.prompt }),
  },
  {
    operationId: "chatWithAnswerEngine",
    expectStatus: 400,
    note: "an embedding model to answer",
    url: () => `/api/v3/answer-engine/${ids.answerEngine}/chat`,
    init: () => json({ query: "Refunds?", model_llm: "qwen3-embedding-8b" }),
  },
  {
    operationId: "chatWithAnswerEngine",
    expectStatus: 404,
    note: "unknown thread",
    url: () => `/api/v3/answer-engine/${ids.answerEngine}/chat`,
    init: () => json({ query: "Refunds?", conv_thread_id: "thread_UNKNOWN" }),
  },
  {
    operationId: "chatWithAnswerEngine",
    expectStatus: 413,
    note: "JSON body over the limit",
    url: () => `/api/v3/answer-engine/${ids.answerEngine}/chat`,
    init: oversized,
  },
  {
    operationId: "chatWithAnswerEngine",
    expectStatus: 422,
    url: () => `/api/v3/answer-engine/${ids.answerEngine}/chat`,
    init: () => json({ query: "Refunds?", top_k: 31, mode: "deep" }),
  },
  {
    operationId: "retrieveFromAnswerEngine",
    expectStatus: 404,
    url: withPath("retrieveFromAnswerEngine", "ae_UNKNOWN"),
    init: () => json({ query: "refunds" }),
  },
  {
    operationId: "retrieveFromAnswerEngine",
    expectStatus: 413,
    note: "JSON body over the limit",
    url: () => `/api/v3/answer-engine/${ids.answerEngine}/retrieve`,
    init: oversized,
  },
  {
    operationId: "retrieveFromAnswerEngine",
    expectStatus: 422,
    url: () => `/api/v3/answer-engine/${ids.answerEngine}/retrieve`,
    init: () => json({ query: "refunds", top_k: 0 }),
  },
  {
    operationId: "updateAnswerEngineSystemPrompt",
    expectStatus: 404,
    url: withPath("updateAnswerEngineSystemPrompt", "ae_UNKNOWN"),
    init: () => json({ prompt_name: "p", prompt_text: "t" }, "PATCH"),
  },
  {
    operationId: "updateAnswerEngineSystemPrompt",
    expectStatus: 413,
    note: "JSON body over the limit",
    url: () => `/api/v3/answer-engine/${ids.answerEngine}/system-prompt`,
    init: () => json({ padding: "x".repeat(MAX_JSON * 4) }, "PATCH"),
  },
  {
    operationId: "updateAnswerEngineSystemPrompt",
    expectStatus: 422,
    url: () => `/api/v3/answer-engine/${ids.answerEngine}/system-prompt`,
    init: () => json({ prompt_name: "concise" }, "PATCH"),
  },
];

/** For every operation: its success, then the refusals every route shares (no key, rate limit, server failure). */
const shared: Case[] = (Object.keys(success) as OperationId[]).flatMap((operationId) => {
  const base = success[operationId] ?? {};
  const withHeaders = (headers: Record<string, string>) => () => {
    const init = base.init?.() ?? {};
    return { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } };
  };
  // An operation without security (the public API description) has no 401.
  const { path, method } = operations[operationId];
  const public_ = Array.isArray(spec.paths[path][method.toLowerCase()].security);
  return [
    ...(public_
      ? []
      : [{ operationId, expectStatus: 401, url: base.url, init: () => ({ ...base.init?.(), headers: {} }) }]),
    { operationId, expectStatus: 429, url: base.url, init: withHeaders({ ...auth, "x-sandbox-rate-limit": "0.5" }) },
    {
      operationId,
      expectStatus: "5XX" as const,
      url: base.url,
      init: withHeaders({ ...auth, "x-sandbox-fail-rate": "1" }),
    },
  ];
});

// Refusals first (they change nothing), then successes: deleting and deploying come last.
const cases: Case[] = [
  ...shared,
  ...specific,
  ...(Object.keys(success) as OperationId[]).map((operationId) => ({
    operationId,
    expectStatus: 200 as Expected,
    ...success[operationId],
  })),
];

const specPathOf = (operationId: OperationId) => operations[operationId].path;
const specMethodOf = (operationId: OperationId) => operations[operationId].method.toLowerCase();
/** An operation without parameters or body cannot fail validation, though the spec lists 422 for it. */
const takesInput = (operationId: OperationId) => {
  const operation = spec.paths[specPathOf(operationId)][specMethodOf(operationId)];
  return Boolean(operation.requestBody || operation.parameters?.length);
};

describe("contract: the sandbox answers as openapi.yaml says", () => {
  it("covers every operation of the spec", () => {
    const specOperations = Object.values(spec.paths).flatMap((item: any) =>
      Object.values(item).map((operation: any) => operation.operationId),
    );
    expect(new Set(cases.map((c) => c.operationId))).toEqual(new Set(specOperations));
  });

  it("exercises every status the spec documents for each operation, and each streaming one streamed", () => {
    for (const operationId of Object.keys(operations) as OperationId[]) {
      const content = spec.paths[specPathOf(operationId)][specMethodOf(operationId)].responses["200"]?.content ?? {};
      expect(
        cases.some((c) => c.operationId === operationId && c.stream),
        operationId,
      ).toBe("text/event-stream" in content);
      const documented = Object.keys(spec.paths[specPathOf(operationId)][specMethodOf(operationId)].responses).filter(
        (status) => status !== "422" || takesInput(operationId),
      );
      const exercised = new Set(cases.filter((c) => c.operationId === operationId).map((c) => String(c.expectStatus)));
      expect([...exercised].sort(), operationId).toEqual(documented.sort());
    }
  });

  it("has validators that reject what breaks the spec", () => {
    expect(validatorFor("/api/v3/alignment-project/status/{id}", "get", 200)?.({ data: null })).toBe(false);
    expect(validatorFor("/api/v3/models/aligned", "get", 200)?.({ domain_aligned_models: [{ id: 1 }] })).toBe(false);
    expect(
      validatorFor("/api/v3/alignment-project/create", "post", 422)?.({ detail: "a string is not FastAPI's list" }),
    ).toBe(false);
    const undeployed = validatorFor("/api/v3/models/undeploy-model/{model_id}", "delete", 200);
    expect(undeployed?.("-a-model")).toBe(true);
    expect(undeployed?.({ model_id: "-a-model" })).toBe(false);
    const chatEvent = validatorFor("/api/v3/inference/chat/completions", "post", 200, "text/event-stream");
    expect(chatEvent?.({ object: "confidence", confidence_score: 72.5 })).toBe(true);
    expect(chatEvent?.({ object: "confidence", confidence_score: 120 })).toBe(false);
    expect(chatEvent?.({ object: "timing" })).toBe(false);
  });

  it.each([["2026-07"], ["2026-09"]] as const)(
    "validates the shared routes and the API description on a sandbox of generation %s alone",
    async (generation) => {
      const alone = await startSandbox({ generation });
      try {
        for (const operationId of ["listAlignedModels", "listBaseModels", "getOpenApiDocument"] as const) {
          const { path, method } = operations[operationId];
          const response = await fetch(`${alone.url}${path}`, { headers: auth });
          expect(response.status, operationId).toBe(200);
          const validate = validatorFor(path, method.toLowerCase(), 200);
          const valid = validate(await response.json());
          expect(validate.errors ?? [], operationId).toEqual([]);
          expect(valid).toBe(true);
        }
        // The other generation's routes: FastAPI's unknown route, in the spec's error shape.
        const other = (Object.keys(operations) as OperationId[]).find(
          (id) => "generation" in operations[id] && operations[id].generation !== generation,
        )!;
        const response = await fetch(`${alone.url}${withPath(other, "x")()}`, {
          method: operations[other].method,
          headers: jsonHeaders,
          body: operations[other].body === "none" ? undefined : "{}",
        });
        expect(response.status).toBe(404);
        const body = await response.text();
        expect(body).toBe('{"detail":"Not Found"}');
        expect(ajv.compile({ $ref: "spec#/components/schemas/ErrorBody" })(JSON.parse(body))).toBe(true);
      } finally {
        await alone.close();
      }
    },
  );

  it.each(cases.map((c) => [`${c.operationId} → ${c.expectStatus}${c.note ? ` (${c.note})` : ""}`, c] as const))(
    "%s",
    async (_name, c) => {
      const init = c.init?.() ?? {};
      // A case's own headers replace the default ones: `{}` sends no key at all. Forms set their own content type.
      const headers = init.headers ?? (init.body instanceof FormData ? auth : jsonHeaders);
      const response = await fetch(`${t.url}${c.url?.() ?? specPathOf(c.operationId)}`, {
        method: operations[c.operationId].method,
        ...init,
        headers,
      });
      if (c.expectStatus === "5XX") expect(response.status).toBeGreaterThanOrEqual(500);
      else expect(response.status).toBe(c.expectStatus);
      expect(response.headers.get("x-request-id")).toMatch(/^req_/);
      if (response.status === 204) {
        expect(await response.text()).toBe("");
        return;
      }
      expect(response.headers.get("content-type")).toMatch(c.stream ? /^text\/event-stream/ : /^application\/json/);
      const path = specPathOf(c.operationId);
      const method = specMethodOf(c.operationId);
      if (c.stream) {
        const events = eventData(await response.text());
        const validateEvent = validatorFor(path, method, response.status, "text/event-stream");
        for (const data of events.filter((event) => event !== "[DONE]")) {
          const valid = validateEvent?.(JSON.parse(data));
          expect(validateEvent?.errors ?? [], data.slice(0, 300)).toEqual([]);
          expect(valid).toBe(true);
        }
        if (c.streamError) {
          expect(events).not.toContain("[DONE]");
          expect(JSON.parse(events.at(-1) ?? "{}")).toHaveProperty("error");
        } else {
          expect(events).toContain("[DONE]");
        }
        return;
      }
      for (const header of documentedHeaders(path, method, response.status).filter(
        (name) => name !== "retry-after" || response.status === 429,
      )) {
        expect(response.headers.get(header), header).not.toBeNull();
      }
      const body = await response.json();
      const validate = validatorFor(path, method, response.status);
      const valid = validate?.(body);
      expect(validate?.errors ?? [], JSON.stringify(body).slice(0, 300)).toEqual([]);
      expect(valid).toBe(true);
    },
  );
});
