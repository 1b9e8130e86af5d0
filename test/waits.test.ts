/**
 * The one poller behind every wait: each kind of job succeeds, fails with the server's
 * reason, times out, aborts, and polls through transient errors (with a warning and a limit).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AlignmentFailedError,
  APIUserAbortError,
  InternalServerError,
  JobFailedError,
  Nugen,
  NugenError,
  WaitTimeoutError,
} from "../src/index.js";
import { sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-waits-0123456789";
let server: TestServer;
afterEach(() => server?.close());

interface Kind {
  name: string;
  path: RegExp;
  wait: (nugen: Nugen, options: object) => Promise<unknown>;
  running: object;
  done: object;
  failed: object;
  reason: string;
  label: string;
}

const kinds: Kind[] = [
  {
    name: "documents.waitUntilReady",
    path: /^\/api\/v3\/documents\/upl_1$/,
    wait: (nugen, o) => nugen.documents.waitUntilReady("upl_1", o),
    running: { status: "PROCESSING", document_id: null },
    done: { status: "READY", document_id: "doc_1" },
    failed: { status: "FAILED", document_id: null, error: "Unsupported encoding." },
    reason: "Unsupported encoding.",
    label: "Document upload upl_1",
  },
  {
    name: "benchmarks.waitUntilReady",
    path: /^\/api\/v3\/benchmark\/status\/bench_1$/,
    wait: (nugen, o) => nugen.benchmarks.waitUntilReady("bench_1", o),
    running: { benchmark_id: "bench_1", status: "PROCESSING" },
    done: { benchmark_id: "bench_1", status: "ready" },
    failed: { benchmark_id: "bench_1", status: "FAILED", error: "No text in document" },
    reason: "No text in document",
    label: "Benchmark bench_1",
  },
  {
    name: "models.waitUntilDeployed",
    path: /^\/api\/v3\/models\/deploy-model\/-m_1\/status$/,
    wait: (nugen, o) => nugen.models.waitUntilDeployed("-m_1", o),
    running: { model_id: "-m_1", status: "PENDING", result: null },
    done: { model_id: "-m_1", status: "COMPLETED", result: { deployment_status: "DEPLOYED" } },
    failed: { model_id: "-m_1", status: "FAILED", result: { error: "No GPU capacity" } },
    reason: "No GPU capacity",
    label: "Model deployment -m_1",
  },
  {
    name: "models.waitUntilUndeployed",
    path: /^\/api\/v3\/models\/undeploy-model\/-m_1\/status$/,
    wait: (nugen, o) => nugen.models.waitUntilUndeployed("-m_1", o),
    running: { model_id: "-m_1", status: "PENDING", result: null },
    done: { model_id: "-m_1", status: "COMPLETED", result: { message: "Model undeployed" } },
    failed: { model_id: "-m_1", status: "FAILED", result: { error: "Still serving" } },
    reason: "Still serving",
    label: "Model undeployment -m_1",
  },
  {
    name: "evaluations.waitUntilDone",
    path: /^\/api\/v3\/evaluations\/eval_1\/status$/,
    wait: (nugen, o) => nugen.evaluations.waitUntilDone("eval_1", o),
    running: { evaluation_id: "eval_1", status: "PROCESSING", questions_completed: 3, total_questions: 10 },
    done: { evaluation_id: "eval_1", status: "READY", questions_completed: 10, total_questions: 10 },
    failed: { evaluation_id: "eval_1", status: "FAILED", error: "Judge unavailable" },
    reason: "Judge unavailable",
    label: "Evaluation eval_1",
  },
  {
    name: "alignmentProjects.waitUntilDone",
    path: /^\/api\/v3\/alignment-project\/status\/al_1$/,
    wait: (nugen, o) => nugen.alignmentProjects.waitUntilDone("al_1", o),
    running: { status: "PROCESSING", data: { progress: 40 } },
    done: { status: "EVALUATED", data: { progress: 100 } },
    failed: { status: "STOPPED", data: { error: "Stopped by the user" } },
    reason: "Stopped by the user",
    label: "Alignment project al_1",
  },
];

/** Answers the kind's status route with the scripted answers in turn (the last repeats). */
function scripted(kind: Kind, answers: (object | number)[]) {
  let index = 0;
  return startServer((req, res) => {
    if (!kind.path.test(req.path)) return sendJson(res, 404, { detail: `unexpected ${req.path}` });
    const answer = answers[Math.min(index++, answers.length - 1)]!;
    if (typeof answer === "number") sendJson(res, answer, { detail: `status ${answer}` });
    else sendJson(res, 200, answer);
  });
}

const client = () =>
  new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 0, logLevel: "off" });

describe.each(kinds)("$name", (kind) => {
  it("polls until done, reporting each change once", async () => {
    server = await scripted(kind, [kind.running, kind.running, kind.done]);
    const seen: unknown[] = [];
    const done = await kind.wait(client(), { pollIntervalMs: 1, onProgress: (s: unknown) => seen.push(s) });
    expect(done).toMatchObject(kind.done);
    expect(server.requests).toHaveLength(3);
    expect(seen).toHaveLength(2);
  });

  it("throws a JobFailedError carrying the server's reason", async () => {
    server = await scripted(kind, [kind.running, kind.failed]);
    const error: any = await kind.wait(client(), { pollIntervalMs: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.reason).toBe(kind.reason);
    expect(error.message).toContain(`${kind.label} ended with status`);
    expect(error.message).toContain(`${kind.reason.replace(/\.$/, "")}.`);
    expect(error.lastStatus).toMatchObject(kind.failed);
  });

  it("polls through transient errors", async () => {
    server = await scripted(kind, [503, kind.running, 502, kind.done]);
    await expect(kind.wait(client(), { pollIntervalMs: 1 })).resolves.toMatchObject(kind.done);
    expect(server.requests).toHaveLength(4);
  });

  it("ends at the deadline with a WaitTimeoutError", async () => {
    server = await scripted(kind, [kind.running]);
    const error: any = await kind.wait(client(), { pollIntervalMs: 5, timeoutMs: 40 }).catch((e) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.message).toMatch(/after 40 ms \(status \w+.*\)\. It is still running on the server/);
  });

  it("stops at once when the signal fires", async () => {
    server = await scripted(kind, [kind.running]);
    const controller = new AbortController();
    const waiting = kind.wait(client(), { pollIntervalMs: 60_000, signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort(new Error("user left"));
    const error: any = await waiting.catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.cause).toEqual(new Error("user left"));
  });
});

describe("the poller", () => {
  it("an alignment failure is an AlignmentFailedError (a JobFailedError) with the project id", async () => {
    const kind = kinds.at(-1)!;
    server = await scripted(kind, [kind.failed]);
    const error = await client()
      .alignmentProjects.waitUntilDone("al_1", { pollIntervalMs: 1 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AlignmentFailedError);
    expect(error.projectId).toBe("al_1");
  });

  it("gives up after maxFailedPolls failed reads in a row, saying how many, and warns before", async () => {
    const kind = kinds[0]!;
    server = await scripted(kind, [503]);
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (line: string) => warnings.push(line) };
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 0, logger });
    const error = await nugen.documents
      .waitUntilReady("upl_1", { pollIntervalMs: 1, maxFailedPolls: 4 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toMatch(/gave up waiting for document upload upl_1 after 4 failed status reads in a row/);
    expect(server.requests).toHaveLength(4);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /could not read the status of document upload upl_1 \(2 failed tries in a row, giving up at 4\)/,
    );
  });

  it("a deadline passed before any status was read says the state is unknown, not running", async () => {
    const kind = kinds[0]!;
    server = await scripted(kind, [503]);
    const error = await client()
      .documents.waitUntilReady("upl_1", { pollIntervalMs: 5, timeoutMs: 30 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.message).toMatch(
      /before any status could be read \(last error: 503 status 503\)\. Its state is unknown/,
    );
    expect(error.message).not.toMatch(/still running/);
  });

  it.each([
    [{ timeoutMs: -1 }, /Invalid timeoutMs -1/],
    [{ pollIntervalMs: Number.NaN }, /Invalid pollIntervalMs NaN/],
    [{ onProgress: "yes" }, /Invalid onProgress/],
    [{ signal: {} }, /Invalid signal/],
    [{ maxFailedPolls: 0 }, /Invalid maxFailedPolls 0/],
  ])("checks its options like the client's: %j", async (options, message) => {
    server = await scripted(kinds[0]!, [kinds[0]!.running]);
    const error = await client()
      .documents.waitUntilReady("upl_1", options as never)
      .catch((e) => e);
    expect(error).toBeInstanceOf(NugenError);
    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });
});
