/**
 * The code the docs show is code that runs: each operation's TypeScript, curl and CLI
 * sample under examples/operations/ is executed against the sandbox. (`npm run typecheck`
 * compiles the TypeScript ones; scripts/docs.ts injects all of them into the site.)
 *
 * beforeAll runs the whole workflow on the sandbox with the SDK and hands the samples its
 * ids in environment variables (UPLOAD_ID, DOCUMENT_ID, BENCHMARK_ID, PROJECT_ID, MODEL_ID,
 * EVALUATION_ID, and AGENT_ID, AGENT_NAME, ANSWER_ENGINE_ID); MODEL_ID stays deployed, for
 * the inference samples and the agent on it to answer about the handbook, which the answer
 * engine indexes too. A sample that changes what it is given (a delete, a deploy, an undeploy) gets a
 * resource made for it alone, so the samples run in any order, concurrently. Each runs in a
 * fresh directory holding the files of examples/data/, as a reader's would.
 */
import { execFile } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, Nugen, toFile } from "../src/index.js";
import { type Sandbox, createSandbox } from "../src/sandbox/index.js";
import { cliPath } from "./helpers/cli.js";
import { spec } from "./helpers/spec.js";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const samplesDir = join(root, "examples/operations");
const dataDir = join(root, "examples/data");
const HANDBOOK = "kestrel-support-handbook.md";
const tsx = join(root, "node_modules/.bin/tsx");
/** The SDK's own waits here poll fast: the sandbox's jobs take a fraction of a second. */
const fast = { pollIntervalMs: 50, timeoutMs: 20_000 };

let sandbox: Sandbox;
let nugen: Nugen;
let binDir: string;
/** The ids of one run of the whole workflow, for the samples that only read. */
let ids: Record<string, string>;
let uniqueCount = 0;

const operationIds: string[] = Object.values<Record<string, any>>(spec.paths).flatMap((item) => Object.values<any>(item).map((op) => op.operationId));
/** The operations whose curl sample asks for a stream: it prints events, not one JSON answer. */
const STREAMED = new Set(["createChatCompletion"]);

/** A document with content no other upload has (the API refuses the same content twice). */
async function freshDocument(): Promise<string> {
  const text = `${readFileSync(join(dataDir, HANDBOOK), "utf8")}\n<!-- copy ${++uniqueCount} -->\n`;
  const [document] = await nugen.documents.uploadAndWait(await toFile(text, `handbook-${uniqueCount}.md`), fast);
  return document!.document_id;
}

async function freshProject(): Promise<{ projectId: string; modelId: string }> {
  const done = await nugen.alignmentProjects.createAndWait({ name: `Sample ${++uniqueCount}`, base_model: "nugen-flash-instruct", document_ids: [ids.DOCUMENT_ID!] }, fast);
  const project = await nugen.alignmentProjects.retrieve(projectIdOf(done));
  if (!project.model_id) throw new Error(`project ${project.id} ended ${project.status} without a model`);
  return { projectId: project.id, modelId: project.model_id };
}

function projectIdOf(status: { data?: { id?: string; alignment_id?: string } | null }): string {
  const id = status.data?.alignment_id ?? status.data?.id;
  if (!id) throw new Error(`no project id in ${JSON.stringify(status)}`);
  return id;
}

async function deployedModel(): Promise<string> {
  const { modelId } = await freshProject();
  await nugen.models.deploy(modelId);
  await nugen.models.waitUntilDeployed(modelId, fast);
  return modelId;
}

/** What a sample needs beyond the shared ids: something of its own to delete, deploy or undeploy. */
const fixtures: Record<string, () => Promise<Record<string, string>>> = {
  deleteDocument: async () => ({ DOCUMENT_ID: await freshDocument() }),
  deleteAlignmentProject: async () => ({ PROJECT_ID: (await freshProject()).projectId }),
  deleteEvaluation: async () => ({ EVALUATION_ID: (await nugen.evaluations.create({ model_id: ids.MODEL_ID!, benchmark_id: ids.BENCHMARK_ID!, judge_provider: "anthropic" })).id }),
  deployModel: async () => ({ MODEL_ID: (await freshProject()).modelId }),
  undeployModel: async () => ({ MODEL_ID: await deployedModel() }),
  getUndeploymentStatus: async () => ({ MODEL_ID: ids.UNDEPLOYED_MODEL_ID! }),
  createAgent: async () => ({ AGENT_NAME: `Kestrel support ${++uniqueCount}` }),
  updateAgent: async () => ({ AGENT_ID: (await nugen.agents.create({ agent_name: `Sample agent ${++uniqueCount}` })).id }),
  deleteAgent: async () => ({ AGENT_ID: (await nugen.agents.create({ agent_name: `Sample agent ${++uniqueCount}` })).id }),
};

/** What a sample's output must name, whichever form it takes: the list samples list what the workflow made. */
const mentions: Record<string, (env: Record<string, string>) => string> = {
  listDocuments: (env) => env.DOCUMENT_ID!,
  listBenchmarks: (env) => env.BENCHMARK_ID!,
  listAlignedModels: (env) => env.MODEL_ID!,
  listBaseModels: () => "nugen-flash-instruct",
  listEvaluations: (env) => env.EVALUATION_ID!,
  getDocumentStatus: (env) => env.DOCUMENT_ID!,
  getAlignmentStatus: (env) => env.MODEL_ID!,
  getAlignmentProject: (env) => env.MODEL_ID!,
  getBenchmarkData: () => HANDBOOK,
  listAgents: (env) => env.AGENT_ID!,
  getAgent: (env) => env.AGENT_ID!,
  listAgentModels: () => "qwen3-embedding-8b",
  createAnswerEngine: () => "ae_",
  listApiKeys: () => "Sandbox key",
};

type Kind = "ts" | "curl" | "cli";

/**
 * The text of a streamed chat completion as curl prints it: every event a `data:` line of
 * JSON up to `data: [DONE]`, the content the deltas of the chunks before it.
 */
function streamedContent(output: string): string {
  const events = output.split(/\n\n+/).filter((event) => event.trim() !== "");
  for (const event of events) expect(event, "each event is one data line").toMatch(/^data: .+$/);
  const data = events.map((event) => event.slice("data: ".length));
  const done = data.indexOf("[DONE]");
  expect(done, "the stream ends with [DONE]").toBeGreaterThan(0);
  const parsed = data.filter((item) => item !== "[DONE]").map((item) => JSON.parse(item) as Record<string, any>);
  expect(parsed.some((event) => event.choices?.[0]?.finish_reason), "a final chunk").toBe(true);
  return parsed
    .slice(0, done)
    .map((event) => event.choices?.[0]?.delta?.content ?? "")
    .join("");
}

/** What an inference sample must print, in each form: an answer from the handbook, vectors with their length, documents in order. */
const says: Record<string, (output: string, kind: Kind) => void> = {
  createChatCompletion: (output, kind) => expect(kind === "curl" ? streamedContent(output) : output).toContain("PaketPlus"),
  createCompletion: (output, kind) => expect(kind === "curl" ? JSON.parse(output).choices[0].text : output).toContain("30 days"),
  createEmbeddings: (output, kind) => {
    if (kind === "curl") expect(JSON.parse(output).data.map((item: { embedding: number[] }) => item.embedding.length)).toEqual([768, 768]);
    else expect(output).toMatch(/\b768\b/);
  },
  // The agent on the aligned model, and the engine over the handbook, answer from it.
  runAgent: (output) => expect(output).toContain("PaketPlus"),
  chatWithAnswerEngine: (output) => expect(output).toContain("PaketPlus"),
  retrieveFromAnswerEngine: (output) => expect(output).toContain("E04"),
  createRerank: (output, kind) => {
    // The battery's warranty (the second document) ranks first.
    if (kind === "curl") expect(JSON.parse(output).results[0].index).toBe(1);
    else expect(output.split("\n").find((line) => /Frame|Battery|Charge/.test(line))).toContain("Battery");
  },
};

/** What must hold once the sample has run, beyond its exit status. */
const afterwards: Record<string, (env: Record<string, string>) => Promise<void>> = {
  deleteDocument: async ({ DOCUMENT_ID }) => {
    const { documents = [] } = await nugen.documents.list();
    expect(documents.map((document) => document.id)).not.toContain(DOCUMENT_ID);
  },
  deleteAlignmentProject: async ({ PROJECT_ID }) => {
    await expect(nugen.alignmentProjects.status(PROJECT_ID!)).rejects.toBeInstanceOf(NotFoundError);
  },
  deleteEvaluation: async ({ EVALUATION_ID }) => {
    await expect(nugen.evaluations.status(EVALUATION_ID!)).rejects.toBeInstanceOf(NotFoundError);
  },
  deployModel: async ({ MODEL_ID }) => {
    expect((await nugen.models.waitUntilDeployed(MODEL_ID!, fast)).result?.status).toBe("DEPLOYED");
  },
  undeployModel: async ({ MODEL_ID }) => {
    expect((await nugen.models.waitUntilUndeployed(MODEL_ID!, fast)).result?.status).toBe("UNDEPLOYED");
  },
  createAgent: async ({ AGENT_NAME }) => {
    expect((await nugen.agents.list()).map((agent) => agent.name)).toContain(AGENT_NAME!.toLowerCase().replaceAll(" ", "_"));
  },
  updateAgent: async ({ AGENT_ID }) => {
    expect((await nugen.agents.retrieve(AGENT_ID!)).system_prompt).toContain("quote the numbers of the handbook");
  },
  deleteAgent: async ({ AGENT_ID }) => {
    await expect(nugen.agents.retrieve(AGENT_ID!)).rejects.toBeInstanceOf(NotFoundError);
  },
};

beforeAll(async () => {
  sandbox = await createSandbox({
    log: false,
    documentSeconds: 0.2,
    benchmarkSeconds: 0.2,
    jobSeconds: 0.5,
    deploySeconds: 0.2,
    undeploySeconds: 0.2,
    evaluationSeconds: 0.3,
  });
  nugen = new Nugen({ apiKey: "k", baseUrl: sandbox.url });

  // The workflow, step by step, keeping every id a sample may ask for.
  const uploaded = await nugen.documents.upload(await toFile(readFileSync(join(dataDir, HANDBOOK)), HANDBOOK));
  const UPLOAD_ID = uploaded.document_ids[0]!;
  const DOCUMENT_ID = (await nugen.documents.waitUntilReady(UPLOAD_ID, fast)).document_id!;
  const benchmark = await nugen.benchmarks.createAndWait({ documents: [DOCUMENT_ID], num_questions: 3 }, fast);
  const project = await nugen.alignmentProjects.createAndWait(
    { name: "Kestrel support", base_model: "nugen-flash-instruct", document_ids: [DOCUMENT_ID], benchmark_id: benchmark.id },
    fast,
  );
  const MODEL_ID = project.data?.model_id;
  const EVALUATION_ID = project.data?.evaluation_id;
  if (!MODEL_ID || !EVALUATION_ID) throw new Error(`the project ended without a model or an evaluation: ${JSON.stringify(project)}`);
  await nugen.models.deploy(MODEL_ID);
  await nugen.models.waitUntilDeployed(MODEL_ID, fast);
  await nugen.evaluations.waitUntilDone(EVALUATION_ID, fast);
  ids = { UPLOAD_ID, DOCUMENT_ID, BENCHMARK_ID: benchmark.id, PROJECT_ID: projectIdOf(project), MODEL_ID, EVALUATION_ID };
  // A model deployed then undeployed, for the undeploy status.
  const undeployed = await deployedModel();
  await nugen.models.undeploy(undeployed);
  await nugen.models.waitUntilUndeployed(undeployed, fast);
  ids.UNDEPLOYED_MODEL_ID = undeployed;
  // An agent on the aligned model, and an answer engine over the handbook.
  ids.AGENT_NAME = "Kestrel support";
  ids.AGENT_ID = (await nugen.agents.create({ agent_name: ids.AGENT_NAME, model: MODEL_ID, instructions: "You answer customers of Kestrel E-Bikes." })).id;
  const engine = await nugen.answerEngines.create({ answer_engine_name: "Kestrel support answers", model_llm: "nugen-flash-instruct", model_embedding: "qwen3-embedding-8b", documents: await toFile(readFileSync(join(dataDir, HANDBOOK)), HANDBOOK) });
  ids.ANSWER_ENGINE_ID = engine.answer_engine_id;

  // `nugen` on the PATH is the built CLI, as after `npm install -g nugen`.
  binDir = mkdtempSync(join(tmpdir(), "nugen-bin-"));
  writeFileSync(join(binDir, "nugen"), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  chmodSync(join(binDir, "nugen"), 0o755);
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  if (binDir) rmSync(binDir, { recursive: true, force: true });
});

/** Runs one sample as a reader would: in a directory of its own holding the example files. */
async function runSample(operationId: string, kind: Kind, command: (file: string) => [string, string[]]) {
  const extra = (await fixtures[operationId]?.()) ?? {};
  const env: Record<string, string> = { ...ids, ...extra };
  const cwd = mkdtempSync(join(tmpdir(), `nugen-sample-${operationId}-`));
  try {
    for (const file of readdirSync(dataDir)) copyFileSync(join(dataDir, file), join(cwd, file));
    // Each upload sends content of its own: the same content twice is refused.
    writeFileSync(join(cwd, HANDBOOK), `${readFileSync(join(dataDir, HANDBOOK), "utf8")}\n<!-- ${cwd} -->\n`);
    const [program, args] = command(join(samplesDir, operationId));
    const { stdout, stderr } = await exec(program, args, {
      cwd,
      env: { ...process.env, ...env, NUGEN_API_KEY: "sample-key", NUGEN_BASE_URL: sandbox.url, PATH: `${binDir}:${process.env.PATH}` },
    }).catch((error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`${error.message}\nstdout: ${error.stdout}\nstderr: ${error.stderr}`);
    });
    await afterwards[operationId]?.(env);
    const named = mentions[operationId]?.(env);
    if (named !== undefined) expect(stdout).toContain(named);
    says[operationId]?.(stdout, kind);
    return { stdout, stderr };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe("examples/operations", () => {
  it("has a TypeScript, a curl and a CLI sample for every operation, and nothing else", () => {
    const expected = operationIds.flatMap((id) => [`${id}.ts`, `${id}.curl.sh`, `${id}.cli.sh`]).sort();
    expect(readdirSync(samplesDir).sort()).toEqual(expected);
  });

  describe.concurrent("run against the sandbox", () => {
    it.each(operationIds)("%s.ts", async (operationId) => {
      const { stdout } = await runSample(operationId, "ts", (base) => [tsx, ["--tsconfig", join(root, "tsconfig.json"), `${base}.ts`]]);
      expect(stdout.trim().length).toBeGreaterThan(0);
      // A field the sample names but the answer lacks prints as "undefined".
      expect(stdout).not.toMatch(/\bundefined\b/);
    }, 60_000);

    it.each(operationIds)("%s.curl.sh answers JSON, or a stream of it", async (operationId) => {
      const { stdout } = await runSample(operationId, "curl", (base) => ["bash", ["-euo", "pipefail", `${base}.curl.sh`]]);
      if (STREAMED.has(operationId)) expect(streamedContent(stdout).length).toBeGreaterThan(0);
      else expect(() => JSON.parse(stdout)).not.toThrow();
    }, 60_000);

    it.each(operationIds)("%s.cli.sh", async (operationId) => {
      const { stdout } = await runSample(operationId, "cli", (base) => ["bash", ["-euo", "pipefail", `${base}.cli.sh`]]);
      expect(stdout.trim().length).toBeGreaterThan(0);
    }, 60_000);
  });
});
