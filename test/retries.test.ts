import { afterEach, describe, expect, it, vi } from "vitest";
import { backoffMs, retryAfterMs } from "../src/core/retry-policy.js";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  InternalServerError,
  Nugen,
  RateLimitError,
} from "../src/index.js";
import { settleOnFakeClock } from "./helpers/clock.js";
import { closedPort, countingFetch, type Handler, sendJson, startServer, type TestServer } from "./helpers/server.js";
import { specExample } from "./helpers/spec.js";

const apiKey = "nk-test-retries-0123456789";
const models = { domain_aligned_models: [] };
const createBody = specExample<Parameters<Nugen["alignmentProjects"]["create"]>[0]>("CreateAlignmentProjectMinimal");
let server: TestServer;

afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
});

/** Answers `failures` in turn, then succeeds with `success`. */
function failThen(failures: Array<(res: Parameters<Handler>[1]) => void>, success: unknown): Handler {
  return (_req, res, index) => {
    const fail = failures[index];
    if (fail) fail(res);
    else sendJson(res, 200, success);
  };
}

const status =
  (code: number, headers: Record<string, string> = {}) =>
  (res: Parameters<Handler>[1]) =>
    sendJson(res, code, { detail: `status ${code}` }, headers);
const drop = (res: Parameters<Handler>[1]) => res.socket?.destroy();
/** The same failure for every request. */
const always =
  (fail: (res: Parameters<Handler>[1]) => void): Handler =>
  (_req, res) =>
    fail(res);
const fast = { "retry-after-ms": "1" };

describe("reads (GET) retry transient failures", () => {
  it.each([500, 502, 503, 504, 408, 409, 429])("retries %i and then succeeds", async (code) => {
    server = await startServer(failThen([status(code, fast), status(code, fast)], models));
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    await expect(nugen.models.listAligned()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(3);
  });

  it("gives up after maxRetries and throws the last error", async () => {
    server = await startServer((_req, res) => sendJson(res, 503, { detail: "busy" }, fast));
    const error = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 3 }).models
      .listAligned()
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe("503 busy");
    expect(error.mayHaveTakenEffect).toBe(false);
    expect(server.requests).toHaveLength(4);
  });

  it("takes maxRetries per call over the client's", async () => {
    server = await startServer((_req, res) => sendJson(res, 500, { detail: "down" }, fast));
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 5 });
    await expect(nugen.models.listAligned({ maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
  });

  it("does not retry 400, 401, 403, 404 or 422", async () => {
    for (const code of [400, 401, 403, 404, 422]) {
      server = await startServer(always(status(code, fast)));
      await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned().catch(() => {});
      expect(server.requests, `status ${code}`).toHaveLength(1);
      await server.close();
    }
  });

  it("obeys x-should-retry: false", async () => {
    server = await startServer(always(status(503, { ...fast, "x-should-retry": "false" })));
    await expect(
      new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned(),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a dropped connection", async () => {
    server = await startServer(failThen([drop], models));
    await expect(
      new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned(),
    ).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it("retries a server that never answers, each attempt with its own time limit", async () => {
    server = await startServer(() => {});
    const error = await new Nugen({
      apiKey,
      baseUrl: server.url,
      apiGeneration: "2026-07",
      timeoutMs: 100,
      maxRetries: 1,
    }).models
      .listAligned()
      .catch((e) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(
      /^Request to http:\/\/127\.0\.0\.1:\d+\/api\/v3\/models\/aligned timed out after 100 ms\.$/,
    );
    expect(server.requests).toHaveLength(2);
  });

  it("times out a server that stalls after sending the headers", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"domain_aligned_models": [');
    });
    const call = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 0 }).models.listAligned(
      { timeoutMs: 150 },
    );
    await expect(call).rejects.toBeInstanceOf(APITimeoutError);
  });

  it("retries a refused connection and then says it could not connect", async () => {
    const counted = countingFetch();
    const nugen = new Nugen({
      apiKey,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      apiGeneration: "2026-07",
      maxRetries: 1,
      fetch: counted.fetch,
    });
    const error = await nugen.models.listAligned().catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(
      /^Could not reach http:\/\/127\.0\.0\.1:\d+\/api\/v3\/models\/aligned: connection refused\.$/,
    );
    expect(counted.calls()).toBe(2);
  });
});

describe("waiting between retries", () => {
  it("honours Retry-After in seconds", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    server = await startServer(failThen([status(429, { "retry-after": "3" })], models));
    await settleOnFakeClock(new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned());
    const [first, second] = server.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(3000);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeLessThan(3300);
  });

  it("honours Retry-After as an HTTP date", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: Date.parse("2026-11-24T12:00:00.000Z") });
    server = await startServer(
      failThen([(res) => status(503, { "retry-after": new Date(Date.now() + 5000).toUTCString() })(res)], models),
    );
    await settleOnFakeClock(new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned());
    const [first, second] = server.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(4000);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeLessThan(5300);
  });

  it("backs off exponentially with jitter when the server names no delay", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    server = await startServer(failThen([status(500), status(500), status(500)], models));
    await settleOnFakeClock(
      new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 3 }).models.listAligned(),
      25,
    );
    const gaps = server.requests.slice(1).map((request, i) => request.at - (server.requests[i]?.at ?? 0));
    expect(gaps).toHaveLength(3);
    [500, 1000, 2000].forEach((full, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(full * 0.75);
      expect(gaps[i]).toBeLessThanOrEqual(full + 50);
    });
  });

  it("computes the backoff schedule: 0.5 s doubling to an 8 s cap, up to 25% jitter", () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffMs(0, () => 0.999)).toBeCloseTo(375, 0);
  });

  it("reads retry-after-ms first and ignores a wish beyond 60 s", () => {
    const now = Date.parse("2026-11-24T12:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": "Tue, 24 Nov 2026 12:00:10 GMT" }), now)).toBe(10_000);
    expect(retryAfterMs(new Headers({ "retry-after": "120" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "-1" }), now)).toBeUndefined();
  });
});

describe("create is never sent twice unless it provably did not take effect", () => {
  it.each([500, 502, 503, 504])("does not resend after %i, and says the project may exist", async (code) => {
    server = await startServer(always(status(code, fast)));
    const error = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).alignmentProjects
      .create(createBody)
      .catch((e) => e);
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(code);
    expect(error.mayHaveTakenEffect).toBe(true);
    expect(error.message).toMatch(/may have been created.*alignmentProjects\.list\(\)/);
  });

  it("does not resend after a dropped connection", async () => {
    server = await startServer(always(drop));
    const error = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).alignmentProjects
      .create(createBody)
      .catch((e) => e);
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.mayHaveTakenEffect).toBe(true);
    expect(error.message).toMatch(/may have been created/);
  });

  it("does not resend after a timeout", async () => {
    server = await startServer(() => {});
    const error = await new Nugen({
      apiKey,
      baseUrl: server.url,
      apiGeneration: "2026-07",
      timeoutMs: 100,
    }).alignmentProjects
      .create(createBody)
      .catch((e) => e);
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error.mayHaveTakenEffect).toBe(true);
  });

  it("resends after 429, which refused the request before any work", async () => {
    server = await startServer(failThen([status(429, fast)], specExample("CreatedProjectLive")));
    const created = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).alignmentProjects.create(
      createBody,
    );
    expect(created.id).toBe("alignment_01KXG82FJJ98NQ0");
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
  });

  it("gives up on 429 after maxRetries with a RateLimitError that is not ambiguous", async () => {
    server = await startServer(always(status(429, fast)));
    const error = await new Nugen({
      apiKey,
      baseUrl: server.url,
      apiGeneration: "2026-07",
      maxRetries: 1,
    }).alignmentProjects
      .create(createBody)
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.mayHaveTakenEffect).toBe(false);
    expect(server.requests).toHaveLength(2);
  });

  it("resends after a refused connection, where nothing reached a server", async () => {
    const counted = countingFetch();
    const nugen = new Nugen({
      apiKey,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      apiGeneration: "2026-07",
      fetch: counted.fetch,
    });
    const error = await nugen.alignmentProjects.create(createBody).catch((e) => e);
    expect(counted.calls()).toBe(3);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.mayHaveTakenEffect).toBe(false);
  });
});

describe("cancellation", () => {
  it("aborts a request in flight at once, without retrying", async () => {
    server = await startServer(() => {});
    const controller = new AbortController();
    const call = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned({
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it("aborts during a backoff sleep", async () => {
    server = await startServer(always(status(503, { "retry-after": "30" })));
    const controller = new AbortController();
    const call = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned({
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    const error = await call.catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.name).toBe("APIUserAbortError");
    expect(server.requests).toHaveLength(1);
  });

  it("sends nothing when the signal has already fired", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, models));
    await expect(
      new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned({
        signal: AbortSignal.abort(),
      }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(0);
  });
});
