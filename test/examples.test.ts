/**
 * The code the docs show is code that runs: each operation's TypeScript, curl and CLI
 * sample under examples/operations/ is executed against the sandbox. (`npm run typecheck`
 * compiles the TypeScript ones; scripts/docs.ts injects all of them into the site.)
 *
 * The samples of a 2026-07 operation run against a sandbox that speaks 2026-07 alone, so
 * that its TypeScript and CLI samples (which find out the generation, as a reader's would)
 * speak it too; every other sample runs against the default sandbox, which speaks 2026-09.
 * beforeAll runs the whole workflow on each with the SDK and hands the samples its ids in
 * environment variables (UPLOAD_ID, DOCUMENT_ID, BENCHMARK_ID, PROJECT_ID, MODEL_ID,
 * EVALUATION_ID, and AGENT_ID, AGENT_NAME, ANSWER_ENGINE_ID); MODEL_ID stays deployed, for the
 * inference samples and the agent on it to answer about the handbook, which the answer engine
 * indexes too. A sample that changes what it is given (a delete, a deploy, an undeploy) gets a
 * resource made for it alone, so the samples run in any order, concurrently. Each runs in a
 * fresh directory holding the files of examples/data/, as a reader's would.
 */
import { execFile } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiGeneration, NotFoundError, Nugen, toFile } from "../src/index.js";
import { createSandbox, type Sandbox, type SandboxOptions } from "../src/sandbox/index.js";
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
const SANDBOX: SandboxOptions = {
  log: false,
  documentSeconds: 0.2,
  benchmarkSeconds: 0.2,
  jobSeconds: 0.5,
  deploySeconds: 0.2,
  undeploySeconds: 0.2,
  evaluationSeconds: 0.3,
};

/** One sandbox, a client of it, and the ids of one run of the whole workflow on it, for the samples that only read. */
interface World {
  sandbox: Sandbox;
  nugen: Nugen;
  ids: Record<string, string>;
}

const worlds = {} as Record<ApiGeneration, World>;
/** Sandboxes made for one sample alone (see `fixtures`), closed after all. */
const ownSandboxes: Sandbox[] = [];
let binDir: string;
let uniqueCount = 0;

const operations = Object.values<Record<string, any>>(spec.paths).flatMap((item) => Object.values<any>(item));
const operationIds: string[] = operations.map((op) => op.operationId);
/** The generation whose sandbox runs an operation's samples: its own if only one has it, else the default's. */
const generationOf = new Map<string, ApiGeneration>(
  operations.map((op) => [op.operationId, op["x-nugen-generation"] === "2026-07" ? "2026-07" : "2026-09"]),
);
const worldOf = (operationId: string): World => worlds[generationOf.get(operationId) ?? "2026-09"];
/** The operations whose curl sample asks for a stream: it prints events, not one JSON answer. */
const STREAMED = new Set(["createChatCompletion"]);

/** A document with content and a name no other upload has (2026-07 refuses the same content twice, 2026-09 the same name). */
async function freshDocument({ nugen }: World): Promise<string> {
  const text = `${readFileSync(join(dataDir, HANDBOOK), "utf8")}\n<!-- copy ${++uniqueCount} -->\n`;
  const [document] = await nugen.documents.uploadAndWait(await toFile(text, `handbook-${uniqueCount}.md`), fast);
  return document!.document_id;
}

/** A READY project of its own, and its model. Its id comes from the create: a 2026-09 status carries none. */
async function freshProject({ nugen, ids }: World): Promise<{ projectId: string; modelId: string }> {
  const created = await nugen.alignmentProjects.create({
    name: `Sample ${++uniqueCount}`,
    base_model: "nugen-flash-instruct",
    document_ids: [ids.DOCUMENT_ID!],
  });
  await nugen.alignmentProjects.waitUntilDone(created.id, fast);
  const project = await nugen.alignmentProjects.retrieve(created.id);
  if (!project.model_id) throw new Error(`project ${project.id} ended ${project.status} without a model`);
  return { projectId: project.id, modelId: project.model_id };
}

async function deployedModel(world: World): Promise<string> {
  const { modelId } = await freshProject(world);
  await world.nugen.models.deploy(modelId);
  await world.nugen.models.waitUntilDeployed(modelId, fast);
  return modelId;
}

/** The whole workflow, step by step, keeping every id a sample may ask for. */
async function workflow(options: SandboxOptions): Promise<World> {
  const sandbox = await createSandbox({ ...SANDBOX, ...options });
  const nugen = new Nugen({ apiKey: "k", baseUrl: sandbox.url });
  const world: World = { sandbox, nugen, ids: {} };
  // On 2026-07 an upload id, resolved to a doc_ id once processed; on 2026-09 the document's own id.
  const uploaded = await nugen.documents.upload(await toFile(readFileSync(join(dataDir, HANDBOOK)), HANDBOOK));
  const UPLOAD_ID = uploaded.document_ids[0]!;
  const DOCUMENT_ID = (await nugen.documents.waitUntilReady(UPLOAD_ID, fast)).document_id!;
  const benchmark = await nugen.benchmarks.createAndWait({ documents: [DOCUMENT_ID], num_questions: 3 }, fast);
  const created = await nugen.alignmentProjects.create({
    name: "Kestrel support",
    base_model: "nugen-flash-instruct",
    document_ids: [DOCUMENT_ID],
    benchmark_id: benchmark.id,
  });
  const project = await nugen.alignmentProjects.waitUntilDone(created.id, fast);
  const MODEL_ID = project.model_id;
  const EVALUATION_ID = project.evaluation_id;
  if (!MODEL_ID || !EVALUATION_ID)
    throw new Error(`the project ended without a model or an evaluation: ${JSON.stringify(project)}`);
  await nugen.models.deploy(MODEL_ID);
  await nugen.models.waitUntilDeployed(MODEL_ID, fast);
  await nugen.evaluations.waitUntilDone(EVALUATION_ID, fast);
  world.ids = { UPLOAD_ID, DOCUMENT_ID, BENCHMARK_ID: benchmark.id, PROJECT_ID: created.id, MODEL_ID, EVALUATION_ID };
  // A model deployed then undeployed, for the undeploy status.
  const undeployed = await deployedModel(world);
  await nugen.models.undeploy(undeployed);
  await nugen.models.waitUntilUndeployed(undeployed, fast);
  world.ids.UNDEPLOYED_MODEL_ID = undeployed;
  // An agent on the aligned model, and an answer engine over the handbook.
  world.ids.AGENT_NAME = "Kestrel support";
  world.ids.AGENT_ID = (
    await nugen.agents.create({
      agent_name: world.ids.AGENT_NAME,
      model: MODEL_ID,
      instructions: "You answer customers of Kestrel E-Bikes.",
    })
  ).id;
  const engine = await nugen.answerEngines.create({
    answer_engine_name: "Kestrel support answers",
    model_llm: "nugen-flash-instruct",
    model_embedding: "qwen3-embedding-8b",
    documents: await toFile(readFileSync(join(dataDir, HANDBOOK)), HANDBOOK),
  });
  world.ids.ANSWER_ENGINE_ID = engine.answer_engine_id;
  return world;
}

/** What a sample needs beyond the shared ids: something of its own to delete, deploy or undeploy. */
const fixtures: Record<string, (world: World) => Promise<Record<string, string>>> = {
  deleteDocument: async (world) => ({ DOCUMENT_ID: await freshDocument(world) }),
  deleteAlignmentProject: async (world) => ({ PROJECT_ID: (await freshProject(world)).projectId }),
  deleteEvaluation: async ({ nugen, ids }) => ({
    EVALUATION_ID: (
      await nugen.evaluations.create({
        model_id: ids.MODEL_ID!,
        benchmark_id: ids.BENCHMARK_ID!,
        judge_provider: "anthropic",
      })
    ).id,
  }),
  deployModel: async (world) => ({ MODEL_ID: (await freshProject(world)).modelId }),
  deployModel2609: async (world) => ({ MODEL_ID: (await freshProject(world)).modelId }),
  undeployModel: async (world) => ({ MODEL_ID: await deployedModel(world) }),
  undeployModel2609: async (world) => ({ MODEL_ID: await deployedModel(world) }),
  getUndeploymentStatus: async ({ ids }) => ({ MODEL_ID: ids.UNDEPLOYED_MODEL_ID! }),
  // 2026-09 refuses a file name uploaded before, and every run uploads the handbook by its name: a sandbox of its own.
  uploadDocuments2609: async () => {
    const own = await createSandbox(SANDBOX);
    ownSandboxes.push(own);
    return { NUGEN_BASE_URL: own.url };
  },
  createAgent: async () => ({ AGENT_NAME: `Kestrel support ${++uniqueCount}` }),
  updateAgent: async ({ nugen }) => ({
    AGENT_ID: (await nugen.agents.create({ agent_name: `Sample agent ${++uniqueCount}` })).id,
  }),
  deleteAgent: async ({ nugen }) => ({
    AGENT_ID: (await nugen.agents.create({ agent_name: `Sample agent ${++uniqueCount}` })).id,
  }),
};

/** What a sample's output must name, whichever form it takes: the list samples list what the workflow made. */
const mentions: Record<string, (env: Record<string, string>) => string> = {
  listDocuments: (env) => env.DOCUMENT_ID!,
  listDocuments2609: (env) => env.DOCUMENT_ID!,
  listBenchmarks: (env) => env.BENCHMARK_ID!,
  listAlignedModels: (env) => env.MODEL_ID!,
  listBaseModels: () => "nugen-flash-instruct",
  listEvaluations: (env) => env.EVALUATION_ID!,
  listAlignmentProjects: (env) => env.PROJECT_ID!,
  getDocumentStatus: (env) => env.DOCUMENT_ID!,
  // A 2026-09 status holds no id: the document is processed.
  getDocumentStatus2609: () => "READY",
  getAlignmentStatus: (env) => env.MODEL_ID!,
  getAlignmentProject: (env) => env.MODEL_ID!,
  getAlignmentProject2609: (env) => env.MODEL_ID!,
  getBenchmarkData: () => HANDBOOK,
  listAgents: (env) => env.AGENT_ID!,
  getAgent: (env) => env.AGENT_ID!,
  listAgentModels: () => "qwen3-embedding-8b",
  createAnswerEngine: () => "ae_",
  listApiKeys: () => "Sandbox key",
  getBenchmarkData2609: (env) => env.DOCUMENT_ID!,
  getModel: (env) => env.MODEL_ID!,
  getEvaluation: (env) => env.EVALUATION_ID!,
  getOpenApiDocument: () => "2026-09",
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
  expect(
    parsed.some((event) => event.choices?.[0]?.finish_reason),
    "a final chunk",
  ).toBe(true);
  return parsed
    .slice(0, done)
    .map((event) => event.choices?.[0]?.delta?.content ?? "")
    .join("");
}

/** What an inference sample must print, in each form: an answer from the handbook, vectors with their length, documents in order. */
const says: Record<string, (output: string, kind: Kind) => void> = {
  createChatCompletion: (output, kind) =>
    expect(kind === "curl" ? streamedContent(output) : output).toContain("PaketPlus"),
  createCompletion: (output, kind) =>
    expect(kind === "curl" ? JSON.parse(output).choices[0].text : output).toContain("30 days"),
  createEmbeddings: (output, kind) => {
    if (kind === "curl")
      expect(JSON.parse(output).data.map((item: { embedding: number[] }) => item.embedding.length)).toEqual([768, 768]);
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
const afterwards: Record<string, (env: Record<string, string>, world: World) => Promise<void>> = {
  deleteDocument: async ({ DOCUMENT_ID }, { nugen }) => {
    const { documents = [] } = await nugen.documents.list();
    expect(documents.map((document) => document.id)).not.toContain(DOCUMENT_ID);
  },
  deleteAlignmentProject: async ({ PROJECT_ID }, { nugen }) => {
    await expect(nugen.alignmentProjects.status(PROJECT_ID!)).rejects.toBeInstanceOf(NotFoundError);
  },
  deleteEvaluation: async ({ EVALUATION_ID }, { nugen }) => {
    await expect(nugen.evaluations.status(EVALUATION_ID!)).rejects.toBeInstanceOf(NotFoundError);
  },
  deployModel: async ({ MODEL_ID }, { nugen }) => {
    expect((await nugen.models.waitUntilDeployed(MODEL_ID!, fast)).result?.status).toBe("DEPLOYED");
  },
  // A 2026-09 deployment's status is its own: DEPLOYED itself, not a task's result.
  deployModel2609: async ({ MODEL_ID }, { nugen }) => {
    expect((await nugen.models.waitUntilDeployed(MODEL_ID!, fast)).status).toBe("DEPLOYED");
  },
  undeployModel: async ({ MODEL_ID }, { nugen }) => {
    expect((await nugen.models.waitUntilUndeployed(MODEL_ID!, fast)).result?.status).toBe("UNDEPLOYED");
  },
  undeployModel2609: async ({ MODEL_ID }, { nugen }) => {
    expect((await nugen.models.waitUntilUndeployed(MODEL_ID!, fast)).status).toBe("UNDEPLOYED");
  },
  // The handbook is in the sandbox made for the sample, under the name the sample gave it (the CLI's, its file's).
  uploadDocuments2609: async ({ NUGEN_BASE_URL }) => {
    const { documents } = await new Nugen({ apiKey: "k", baseUrl: NUGEN_BASE_URL! }).documents.list();
    expect(documents.map((document) => [document.document_name, document.status])).toEqual([
      [expect.stringMatching(/^(Kestrel support handbook|kestrel-support-handbook\.md)$/), expect.any(String)],
    ]);
  },
  createAgent: async ({ AGENT_NAME }, { nugen }) => {
    expect((await nugen.agents.list()).map((agent) => agent.name)).toContain(
      AGENT_NAME!.toLowerCase().replaceAll(" ", "_"),
    );
  },
  updateAgent: async ({ AGENT_ID }, { nugen }) => {
    expect((await nugen.agents.retrieve(AGENT_ID!)).system_prompt).toContain("quote the numbers of the handbook");
  },
  deleteAgent: async ({ AGENT_ID }, { nugen }) => {
    await expect(nugen.agents.retrieve(AGENT_ID!)).rejects.toBeInstanceOf(NotFoundError);
  },
};

beforeAll(async () => {
  const [latest, older] = await Promise.all([workflow({}), workflow({ generation: "2026-07" })]);
  worlds["2026-09"] = latest;
  worlds["2026-07"] = older;

  // `nugen` on the PATH is the built CLI, as after `npm install -g nugen`.
  binDir = mkdtempSync(join(tmpdir(), "nugen-bin-"));
  writeFileSync(join(binDir, "nugen"), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  chmodSync(join(binDir, "nugen"), 0o755);
}, 60_000);

afterAll(async () => {
  await Promise.all([
    ...Object.values(worlds).map((world) => world.sandbox.close()),
    ...ownSandboxes.map((sandbox) => sandbox.close()),
  ]);
  if (binDir) rmSync(binDir, { recursive: true, force: true });
});

/** Runs one sample as a reader would: in a directory of its own holding the example files. */
async function runSample(operationId: string, kind: Kind, command: (file: string) => [string, string[]]) {
  const world = worldOf(operationId);
  const extra = (await fixtures[operationId]?.(world)) ?? {};
  const env: Record<string, string> = { NUGEN_BASE_URL: world.sandbox.url, ...world.ids, ...extra };
  const cwd = mkdtempSync(join(tmpdir(), `nugen-sample-${operationId}-`));
  try {
    for (const file of readdirSync(dataDir)) copyFileSync(join(dataDir, file), join(cwd, file));
    // Each upload sends content of its own: the same content twice is refused.
    writeFileSync(join(cwd, HANDBOOK), `${readFileSync(join(dataDir, HANDBOOK), "utf8")}\n<!-- ${cwd} -->\n`);
    const [program, args] = command(join(samplesDir, operationId));
    const { stdout, stderr } = await exec(program, args, {
      cwd,
      env: {
        ...process.env,
        NUGEN_API_GENERATION: "",
        ...env,
        NUGEN_API_KEY: "sample-key",
        PATH: `${binDir}:${process.env.PATH}`,
      },
    }).catch((error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`${error.message}\nstdout: ${error.stdout}\nstderr: ${error.stderr}`);
    });
    await afterwards[operationId]?.(env, world);
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

  it("runs each 2026-07 operation's samples on a sandbox of that generation alone, every other on the default one", () => {
    expect(generationOf.get("deleteDocument")).toBe("2026-07");
    expect(generationOf.get("uploadDocuments2609")).toBe("2026-09");
    expect(generationOf.get("createChatCompletion")).toBe("2026-09");
    expect([...generationOf.values()].filter((generation) => generation === "2026-07").length).toBe(
      operations.filter((op) => op.deprecated).length,
    );
  });

  describe.concurrent("run against the sandbox", () => {
    it.each(operationIds)(
      "%s.ts",
      async (operationId) => {
        const { stdout } = await runSample(operationId, "ts", (base) => [
          tsx,
          ["--tsconfig", join(root, "tsconfig.json"), `${base}.ts`],
        ]);
        expect(stdout.trim().length).toBeGreaterThan(0);
        // A field the sample names but the answer lacks prints as "undefined".
        expect(stdout).not.toMatch(/\bundefined\b/);
      },
      60_000,
    );

    it.each(operationIds)(
      "%s.curl.sh answers JSON, or a stream of it",
      async (operationId) => {
        const { stdout } = await runSample(operationId, "curl", (base) => [
          "bash",
          ["-euo", "pipefail", `${base}.curl.sh`],
        ]);
        if (STREAMED.has(operationId)) expect(streamedContent(stdout).length).toBeGreaterThan(0);
        else expect(() => JSON.parse(stdout)).not.toThrow();
      },
      60_000,
    );

    it.each(operationIds)(
      "%s.cli.sh",
      async (operationId) => {
        const { stdout } = await runSample(operationId, "cli", (base) => [
          "bash",
          ["-euo", "pipefail", `${base}.cli.sh`],
        ]);
        expect(stdout.trim().length).toBeGreaterThan(0);
      },
      60_000,
    );
  });
});
