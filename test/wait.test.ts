import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_POLL_MS, MIN_POLL_MS, nextPollDelay } from "../src/core/poll.js";
import type { AlignmentStatusResponse } from "../src/index.js";
import {
  AlignmentFailedError,
  APIUserAbortError,
  AuthenticationError,
  NotFoundError,
  Nugen,
  NugenError,
  RequestValidationError,
  WaitTimeoutError,
} from "../src/index.js";
import { type Handler, sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-wait-0123456789";
let server: TestServer;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
});

const snapshot = (status: string, progress: number | null = null, error: string | null = null) => ({
  status,
  data: { alignment_id: "alignment_1", status, progress, error },
  start_time: "2026-07-16T06:48:51.112761",
  end_time: null,
});

/** Answers each poll with the next scripted answer, repeating the last. */
function script(answers: Array<object | ((res: Parameters<Handler>[1]) => void)>): Handler {
  return (_req, res, index) => {
    const answer = answers[Math.min(index, answers.length - 1)];
    if (typeof answer === "function") answer(res);
    else sendJson(res, 200, answer);
  };
}

function client(overrides: ConstructorParameters<typeof Nugen>[0] = {}) {
  return new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 0, ...overrides });
}

describe("alignmentProjects.status", () => {
  it("GETs /api/v3/alignment-project/status/{id}, encoding the id", async () => {
    server = await startServer(script([snapshot("PROCESSING", 42)]));
    const status = await client().alignmentProjects.status("alignment/1 x");
    expect(server.requests[0]?.path).toBe("/api/v3/alignment-project/status/alignment%2F1%20x");
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(status).toEqual(snapshot("PROCESSING", 42));
  });

  it("refuses an empty id before sending anything", async () => {
    server = await startServer(script([snapshot("READY")]));
    const error = await client()
      .alignmentProjects.status("")
      .catch((e) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toBe("Invalid request: id must not be empty");
    await expect(client().alignmentProjects.status(42 as never)).rejects.toThrow("id must be string (got number)");
    await expect(client().alignmentProjects.waitUntilDone("")).rejects.toBeInstanceOf(RequestValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it("maps an unknown id to NotFoundError", async () => {
    server = await startServer((_req, res) => sendJson(res, 404, { detail: "Alignment project not found" }));
    await expect(client().alignmentProjects.status("nope")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("alignmentProjects.waitUntilDone", () => {
  it("polls until READY, reporting each change of status or progress once", async () => {
    server = await startServer(
      script([
        snapshot("PROCESSING", 10),
        snapshot("PROCESSING", 10),
        snapshot("PROCESSING", 55),
        snapshot("READY", 100),
      ]),
    );
    const seen: string[] = [];
    const done = await client().alignmentProjects.waitUntilDone("alignment_1", {
      pollIntervalMs: 1,
      onProgress: (status) => seen.push(`${status.status} ${status.data?.progress}`),
    });
    expect(done.status).toBe("READY");
    expect(server.requests).toHaveLength(4);
    expect(seen).toEqual(["PROCESSING 10", "PROCESSING 55", "READY 100"]);
  });

  it.each(["ready", "Completed", "EVALUATED", " evaluated "])(
    "treats %j as success, whatever its case",
    async (status) => {
      server = await startServer(script([snapshot("pending"), snapshot(status)]));
      await expect(
        client().alignmentProjects.waitUntilDone("alignment_1", { pollIntervalMs: 1 }),
      ).resolves.toMatchObject({ status });
    },
  );

  it.each(["FAILED", "stopped"])("throws AlignmentFailedError with the server's reason on %s", async (status) => {
    server = await startServer(
      script([snapshot("PROCESSING", 30), snapshot(status, 60, "Training diverged at step 1200")]),
    );
    const error = await client()
      .alignmentProjects.waitUntilDone("alignment_1", { pollIntervalMs: 1 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AlignmentFailedError);
    expect(error).toBeInstanceOf(NugenError);
    expect(error.reason).toBe("Training diverged at step 1200");
    expect(error.projectId).toBe("alignment_1");
    expect(error.message).toBe(
      `Alignment project alignment_1 ended with status ${status}: Training diverged at step 1200.`,
    );
    expect(error.lastStatus.status).toBe(status);
  });

  it("keeps polling through an unknown status", async () => {
    server = await startServer(script([snapshot("QUEUED_FOR_GPU"), snapshot("warming-up"), snapshot("READY")]));
    await expect(client().alignmentProjects.waitUntilDone("alignment_1", { pollIntervalMs: 1 })).resolves.toMatchObject(
      { status: "READY" },
    );
    expect(server.requests).toHaveLength(3);
  });

  it("keeps polling through transient errors: 500, 503, 429, a dropped connection", async () => {
    server = await startServer(
      script([
        snapshot("PROCESSING", 10),
        (res) => sendJson(res, 500, { detail: "Internal Server Error" }),
        (res) => sendJson(res, 503, { detail: "busy" }),
        (res) => sendJson(res, 429, { detail: "slow down" }, { "retry-after-ms": "5" }),
        (res) => res.socket?.destroy(),
        snapshot("READY", 100),
      ]),
    );
    await expect(client().alignmentProjects.waitUntilDone("alignment_1", { pollIntervalMs: 1 })).resolves.toMatchObject(
      { status: "READY" },
    );
    expect(server.requests).toHaveLength(6);
  });

  it("stops at once on an error that polling cannot fix", async () => {
    server = await startServer(
      script([snapshot("PROCESSING"), (res) => sendJson(res, 401, { detail: "Key revoked" })]),
    );
    await expect(client().alignmentProjects.waitUntilDone("alignment_1", { pollIntervalMs: 1 })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(server.requests).toHaveLength(2);
  });

  it("ends at the deadline with an error saying the project is still running", async () => {
    server = await startServer(script([snapshot("PROCESSING", 37)]));
    const error = await client()
      .alignmentProjects.waitUntilDone("alignment_1", { pollIntervalMs: 10, timeoutMs: 60 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.message).toMatch(
      /alignment project alignment_1 after 60 ms \(status PROCESSING, 37%\)\. It is still running/,
    );
    expect(error.lastStatus.status).toBe("PROCESSING");
  });

  it("aborts at once when the signal fires during the sleep between polls", async () => {
    server = await startServer(script([snapshot("PROCESSING", 5)]));
    const controller = new AbortController();
    const waiting = client().alignmentProjects.waitUntilDone("alignment_1", {
      pollIntervalMs: 30_000,
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it("aborts a poll in flight", async () => {
    server = await startServer(() => {});
    const controller = new AbortController();
    const waiting = client().alignmentProjects.waitUntilDone("alignment_1", { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("waits at least as long as a 200's Retry-After asks", async () => {
    server = await startServer(
      script([
        (res) => sendJson(res, 200, snapshot("PROCESSING", 1), { "retry-after-ms": "80" }),
        snapshot("READY", 100),
      ]),
    );
    await client().alignmentProjects.waitUntilDone("alignment_1", { pollIntervalMs: 1 });
    expect((server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(80);
  });
});

describe("createAndWait", () => {
  it("creates, then follows the new project to the end", async () => {
    server = await startServer((req, res) => {
      if (req.method === "POST") sendJson(res, 200, { alignment_id: "alignment_9", status: "PROCESSING" });
      else sendJson(res, 200, snapshot(server.requests.length < 3 ? "PROCESSING" : "READY"));
    });
    const progress: AlignmentStatusResponse[] = [];
    const done = await client().alignmentProjects.createAndWait(
      { name: "n", base_model: "m", document_ids: ["d"] },
      { pollIntervalMs: 1, onProgress: (status) => progress.push(status) },
    );
    expect(done.status).toBe("READY");
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /api/v3/alignment-project/create",
      "GET /api/v3/alignment-project/status/alignment_9",
      "GET /api/v3/alignment-project/status/alignment_9",
    ]);
    expect(progress.map((status) => status.status)).toEqual(["PROCESSING", "READY"]);
  });
});

describe("the default poll schedule", () => {
  const at = (seconds: number, progress?: number) => ({ at: seconds * 1000, progress });

  it("starts at a second and never exceeds a minute", () => {
    expect(nextPollDelay([], 0)).toBe(MIN_POLL_MS);
    expect(nextPollDelay([at(0)], 0)).toBe(MIN_POLL_MS);
    expect(nextPollDelay([at(3 * 3600)], 0)).toBe(MAX_POLL_MS);
  });

  it("ramps up by a tenth of the time waited when there is no progress to go by", () => {
    expect(nextPollDelay([at(0), at(100)], 0)).toBe(10_000);
    expect(nextPollDelay([at(0, 0), at(100, 0)], 0)).toBe(10_000);
  });

  it("aims just past the finish that the progress predicts", () => {
    // 10% in the first second: 90% left is 9 s, plus 2%.
    expect(nextPollDelay([at(0, 0), at(1, 10)], 0)).toBeCloseTo(9180, 0);
    // A prediction far out is capped at a minute.
    expect(nextPollDelay([at(0, 0), at(10, 1)], 0)).toBe(MAX_POLL_MS);
  });
});
