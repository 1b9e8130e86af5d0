/**
 * How many status requests each kind of wait makes (document processing, benchmark
 * generation, alignment, deployment, undeployment, evaluation) for sandbox jobs of 10 s,
 * 60 s and 10 min, and how soon after the job's end it notices, on a fake clock: the
 * minutes pass in milliseconds. The clock moves only while no request is in flight, and
 * then straight to the next timer, so the figures are the poller's schedule and nothing else.
 * Each kind is one entry of KINDS: what its job needs first, how it starts, the SDK's wait.
 *
 * A kind whose routes the sandbox does not serve yet is reported "pending sandbox", with
 * no figures.
 */
import FakeTimers from "@sinonjs/fake-timers";
import { type OperationId, operations } from "../../generated/operations.js";
import { type JobKind, statusOutcome } from "../../src/core/job-status.js";
import { APIError, Nugen } from "../../src/index.js";
import { createSandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { type Budget, round } from "./stats.js";

type Clock = ReturnType<typeof FakeTimers.install>;
/** Runs a promise to its end, moving the fake clock whenever the client is idle. */
type Drive = <T>(work: Promise<T>) => Promise<T>;

/** The sandbox's options for job lengths, as it names them. */
type LengthOption =
  | "documentSeconds"
  | "benchmarkSeconds"
  | "jobSeconds"
  | "deploySeconds"
  | "undeploySeconds"
  | "evaluationSeconds";
const LENGTH_OPTIONS: LengthOption[] = [
  "documentSeconds",
  "benchmarkSeconds",
  "jobSeconds",
  "deploySeconds",
  "undeploySeconds",
  "evaluationSeconds",
];
/** Length of every job a measured one depends on (its documents, model, ...). */
const PREREQUISITE_SECONDS = 1;
const JOB_SECONDS = [10, 60, 600];
/** Questions per benchmark, as the spec's example: an evaluation's progress moves in steps of one question. */
const BENCHMARK_QUESTIONS = 10;

/** One kind of wait: what it needs first, how to start its job, and the SDK's wait for it. */
interface WaitKind {
  name: string;
  /** The sandbox option that sets this job's length. */
  option: LengthOption;
  /** The operation the wait polls, and whose statuses its answers carry (in `status`). */
  statusOperation: OperationId;
  jobKind: JobKind;
  /**
   * Starts the job after whatever it needs, every request under `drive`; resolves to the id
   * the wait takes. The job starts when the last request sent here was sent.
   */
  start(nugen: Nugen, drive: Drive): Promise<string | undefined>;
  wait(nugen: Nugen, id: string): Promise<unknown>;
}

// Prerequisites, run to their end on the fake clock (the sandbox refuses the same document
// twice, so a job that needs several things builds them on one document).
async function readyDocument(nugen: Nugen, drive: Drive): Promise<string> {
  const [upload] = (await drive(nugen.documents.upload(benchDocument()))).document_ids;
  const ready = await drive(nugen.documents.waitUntilReady(upload ?? ""));
  if (typeof ready.document_id !== "string") throw new Error("a READY document without a document_id");
  return ready.document_id;
}

async function readyBenchmark(nugen: Nugen, drive: Drive, document: string): Promise<string> {
  const { id } = await drive(nugen.benchmarks.create({ documents: [document], num_questions: BENCHMARK_QUESTIONS }));
  await drive(nugen.benchmarks.waitUntilReady(id));
  return id;
}

async function readyModel(nugen: Nugen, drive: Drive, document: string): Promise<string> {
  const base = await baseModel(nugen, drive);
  const { id } = await drive(
    nugen.alignmentProjects.create({ name: "Wait bench", base_model: base, document_ids: [document] }),
  );
  const done = await drive(nugen.alignmentProjects.waitUntilDone(id));
  const modelId = done.data?.model_id;
  if (typeof modelId !== "string") throw new Error("a finished alignment project without a model_id");
  return modelId;
}

async function deployedModel(nugen: Nugen, drive: Drive, document: string): Promise<string> {
  const modelId = await readyModel(nugen, drive, document);
  await drive(nugen.models.deploy(modelId));
  await drive(nugen.models.waitUntilDeployed(modelId));
  return modelId;
}

async function baseModel(nugen: Nugen, drive: Drive): Promise<string> {
  const models = await drive(nugen.models.listBase()).catch(() => []);
  return models.find((model) => model.alignment_ready)?.id ?? models[0]?.id ?? "nugen-flash-instruct";
}

let documents = 0;
/** A document with a sentence for every question asked (the sandbox makes questions from sentences); each one new. */
function benchDocument(): File {
  const n = ++documents;
  const sentences = Array.from(
    { length: BENCHMARK_QUESTIONS * 2 },
    (_, i) =>
      `Clause ${i + 1} of service agreement ${n} requires written notice within ${i + 3} business days of any change.`,
  );
  return new File([`# Service agreement ${n}\n\n${sentences.join(" ")}\n`], `wait-bench-${n}.md`, {
    type: "text/markdown",
  });
}

const KINDS: WaitKind[] = [
  {
    name: "document processing",
    option: "documentSeconds",
    statusOperation: "getDocumentStatus",
    jobKind: "DocumentStatus",
    start: async (nugen, drive) => (await drive(nugen.documents.upload(benchDocument()))).document_ids[0],
    wait: (nugen, id) => nugen.documents.waitUntilReady(id),
  },
  {
    name: "benchmark generation",
    option: "benchmarkSeconds",
    statusOperation: "getBenchmarkStatus",
    jobKind: "BenchmarkStatus",
    async start(nugen, drive) {
      const document = await readyDocument(nugen, drive);
      return (await drive(nugen.benchmarks.create({ documents: [document], num_questions: BENCHMARK_QUESTIONS }))).id;
    },
    wait: (nugen, id) => nugen.benchmarks.waitUntilReady(id),
  },
  {
    name: "alignment",
    option: "jobSeconds",
    statusOperation: "getAlignmentStatus",
    jobKind: "AlignmentStatus",
    async start(nugen, drive) {
      const document = await readyDocument(nugen, drive);
      const base = await baseModel(nugen, drive);
      return (
        await drive(nugen.alignmentProjects.create({ name: "Wait bench", base_model: base, document_ids: [document] }))
      ).id;
    },
    wait: (nugen, id) => nugen.alignmentProjects.waitUntilDone(id),
  },
  {
    name: "deployment",
    option: "deploySeconds",
    statusOperation: "getDeploymentStatus",
    jobKind: "DeploymentTaskStatus",
    async start(nugen, drive) {
      const modelId = await readyModel(nugen, drive, await readyDocument(nugen, drive));
      return (await drive(nugen.models.deploy(modelId))).model_id;
    },
    wait: (nugen, id) => nugen.models.waitUntilDeployed(id),
  },
  {
    name: "undeployment",
    option: "undeploySeconds",
    statusOperation: "getUndeploymentStatus",
    jobKind: "DeploymentTaskStatus",
    async start(nugen, drive) {
      const modelId = await deployedModel(nugen, drive, await readyDocument(nugen, drive));
      return (await drive(nugen.models.undeploy(modelId))).model_id;
    },
    wait: (nugen, id) => nugen.models.waitUntilUndeployed(id),
  },
  {
    name: "evaluation",
    option: "evaluationSeconds",
    statusOperation: "getEvaluationStatus",
    jobKind: "EvaluationStatus",
    async start(nugen, drive) {
      const document = await readyDocument(nugen, drive);
      const benchmark = await readyBenchmark(nugen, drive, document);
      const modelId = await deployedModel(nugen, drive, document);
      return (await drive(nugen.evaluations.create({ model_id: modelId, benchmark_id: benchmark }))).id;
    },
    wait: (nugen, id) => nugen.evaluations.waitUntilDone(id),
  },
];

/** `/api/v3/documents/{id}` → a pattern that matches the operation's paths. */
function pathPattern(operation: OperationId): RegExp {
  const template = operations[operation].path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
  return new RegExp(`^${template}$`);
}

interface StatusRead {
  at: number;
  outcome: string;
}

/**
 * A fetch that counts what the client sends and reads each answer to its end before
 * handing it over, so that "no request in flight" also means "no I/O pending".
 */
function watchingFetch(kind: WaitKind) {
  const statusPath = pathPattern(kind.statusOperation);
  const statusMethod = operations[kind.statusOperation].method;
  const state = { inFlight: 0, requests: 0, lastSentAt: Number.NaN, statusReads: [] as StatusRead[] };
  const fetchImpl: typeof fetch = async (input, init) => {
    state.inFlight++;
    try {
      const url = input instanceof Request ? input.url : String(input);
      const method = init?.method ?? (input instanceof Request ? input.method : "GET");
      state.requests++;
      state.lastSentAt = Date.now();
      const response = await fetch(input, init);
      const body = await response.arrayBuffer();
      if (method === statusMethod && statusPath.test(new URL(url).pathname) && response.ok) {
        let answer: Record<string, unknown> = {};
        try {
          answer = JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>;
        } catch {
          // Not JSON: the SDK will say so; here it is a read that saw no status.
        }
        const status = answer.status;
        state.statusReads.push({
          at: Date.now(),
          outcome: statusOutcome(kind.jobKind, typeof status === "string" ? status : undefined),
        });
      }
      const empty = [101, 204, 205, 304].includes(response.status);
      return new Response(empty ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      state.inFlight--;
    }
  };
  return { fetchImpl, state };
}

function driver(clock: Clock, inFlight: () => number, deadline: () => number): Drive {
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return async (work) => {
    let settled = false;
    work.then(
      () => void (settled = true),
      () => void (settled = true),
    );
    while (!settled) {
      await turn();
      // Real I/O under way (or its continuation not yet run): the clock stands still.
      if (inFlight() > 0) continue;
      await turn();
      if (settled || inFlight() > 0) continue;
      if (Date.now() > deadline()) throw new Error("the wait went on past its deadline");
      await clock.nextAsync();
    }
    return work;
  };
}

/**
 * The sandbox's own refusal of a route it does not serve yet (501 for an operation of the
 * spec without a handler, 404/405 for a path or method it does not know), as opposed to an
 * answer of a route.
 */
function isMissingRoute(error: unknown): boolean {
  if (!(error instanceof APIError)) return false;
  const detail = typeof error.detail === "string" ? error.detail : "";
  return (
    (error.status === 501 && detail.includes("not implemented by the sandbox")) ||
    (error.status === 404 && detail === "Not Found") ||
    (error.status === 405 && detail === "Method Not Allowed")
  );
}

interface WaitFigures {
  kind: string;
  jobSeconds: number;
  requests?: number;
  statusRequests?: number;
  noticedAfterSeconds?: number;
  noticedAfterShare?: number;
  pending?: string;
  error?: string;
}

async function followJob(kind: WaitKind, jobSeconds: number): Promise<WaitFigures> {
  const clock = FakeTimers.install({
    toFake: ["setTimeout", "clearTimeout", "Date"],
    now: Date.parse("2026-11-24T12:00:00Z"),
  });
  const lengths = Object.fromEntries(
    LENGTH_OPTIONS.map((option) => [option, option === kind.option ? jobSeconds : PREREQUISITE_SECONDS]),
  );
  const options: SandboxOptions = { log: false, now: () => Date.now(), ...lengths };
  const sandbox = await createSandbox(options);
  const { fetchImpl, state } = watchingFetch(kind);
  // Prerequisites and starts are short; a wait gets 20 times its job's length.
  let deadline = Date.now() + 3_600_000;
  const drive = driver(
    clock,
    () => state.inFlight,
    () => deadline,
  );
  try {
    const nugen = new Nugen({ apiKey: "sandbox-wait-key", baseUrl: sandbox.url, fetch: fetchImpl });
    const id = await kind.start(nugen, drive);
    if (!id) throw new Error("the job was started without an id");
    // The clock stands still while a request is out: the job began when its start was sent.
    const startedAt = state.lastSentAt;
    deadline = startedAt + jobSeconds * 1000 * 20 + 3_600_000;
    state.requests = 0;
    state.statusReads = [];
    await drive(kind.wait(nugen, id));
    const endsAt = startedAt + jobSeconds * 1000;
    const noticedAfterMs = Date.now() - endsAt;
    // The figures hold only if the sandbox ran the job for the length asked.
    const lastRunning = state.statusReads.filter((read) => read.outcome === "running").at(-1);
    if (noticedAfterMs < 0)
      throw new Error(
        `the job ended ${-noticedAfterMs} ms before the ${jobSeconds} s asked (sandbox ignores ${kind.option}?)`,
      );
    if (lastRunning && lastRunning.at >= endsAt)
      throw new Error(
        `the job still ran ${lastRunning.at - endsAt} ms after the ${jobSeconds} s asked (sandbox ignores ${kind.option}?)`,
      );
    return {
      kind: kind.name,
      jobSeconds,
      requests: state.requests,
      statusRequests: state.statusReads.length,
      noticedAfterSeconds: round(noticedAfterMs / 1000, 2),
      noticedAfterShare: round(noticedAfterMs / (jobSeconds * 1000), 4),
    };
  } catch (error) {
    if (isMissingRoute(error))
      return { kind: kind.name, jobSeconds, pending: `pending sandbox: ${(error as Error).message}` };
    return { kind: kind.name, jobSeconds, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clock.uninstall();
    await sandbox.close();
  }
}

export async function measureWaiting() {
  const jobs: WaitFigures[] = [];
  for (const kind of KINDS) for (const seconds of JOB_SECONDS) jobs.push(await followJob(kind, seconds));

  const budgets: Budget[] = KINDS.flatMap((kind): Budget[] => {
    const runs = jobs.filter((job) => job.kind === kind.name);
    const lengths = runs.map((job) => `${job.jobSeconds} s`).join(" / ");
    const failed = runs.find((job) => job.pending ?? job.error);
    if (failed) {
      // No figures: a route still missing is pending, anything else fails.
      const detail = failed.pending ?? `error: ${failed.error}`;
      return [
        {
          name: `wait, ${kind.name}`,
          figure: Number.NaN,
          unit: "",
          limit: 20,
          kind: "max",
          detail,
          ...(failed.pending ? { pending: true } : {}),
        },
      ];
    }
    const worst = (read: (job: WaitFigures) => number) => Math.max(...runs.map(read));
    return [
      {
        name: `wait, ${kind.name}: status requests (most)`,
        figure: worst((job) => job.statusRequests ?? 0),
        unit: "",
        limit: 20,
        kind: "max",
        detail: `${runs.map((job) => job.statusRequests).join(" / ")} for ${lengths} jobs`,
      },
      {
        name: `wait, ${kind.name}: end noticed after (latest)`,
        figure: round(worst((job) => job.noticedAfterShare ?? 0) * 100, 2),
        unit: "% of job",
        limit: 10,
        kind: "max",
        detail: `${runs.map((job) => `${job.noticedAfterSeconds} s`).join(" / ")}`,
      },
    ];
  });
  return {
    results: {
      jobSeconds: JOB_SECONDS,
      prerequisiteSeconds: PREREQUISITE_SECONDS,
      benchmarkQuestions: BENCHMARK_QUESTIONS,
      jobs,
    },
    budgets,
  };
}
