/**
 * Random statuses, headers and bodies from a real local server: every failure is a
 * NugenError, every success is the data, nothing is left unhandled, the key never leaks.
 */
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Nugen, NugenError } from "../src/index.js";
import { startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-prop-KEY-4c3b2a190817";

interface Scripted {
  status: number;
  headers: Record<string, string>;
  body: string;
}
let next: Scripted;
let server: TestServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  server = await startServer((_req, res) => {
    res.writeHead(next.status, next.headers);
    res.end(next.body);
  });
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await server.close();
});

const headerValue = fc.oneof(
  fc.constantFrom("0", "1", "abc", "-5", apiKey, "Tue, 24 Nov 2026 12:00:00 GMT"),
  fc.stringMatching(/^[ -~]{0,20}$/),
);
const body = fc.oneof(
  fc.json(),
  fc.constantFrom("null", "5", "[]", '{"domain_aligned_models": null}', '{"domain_aligned_models": {}}'),
  fc.string(),
  fc.constant(""),
  fc.constant("<html>oops</html>"),
  fc.constantFrom(
    JSON.stringify({ detail: `bad key ${apiKey}` }),
    JSON.stringify({ detail: [{ loc: ["body", apiKey], msg: apiKey }] }),
  ),
  fc
    .jsonValue()
    .map((value) =>
      JSON.stringify({ domain_aligned_models: [{ id: "m", name: "n", base_model: "b", status: "S", extra: value }] }),
    ),
);
const scripted = fc.record({
  status: fc.oneof(
    fc.constantFrom(200, 201, 400, 401, 404, 409, 422, 429, 500, 502, 503, 504),
    fc.integer({ min: 200, max: 599 }),
  ),
  headers: fc.record(
    {
      "content-type": fc.constantFrom("application/json", "text/html", "text/plain"),
      "retry-after": headerValue,
      "retry-after-ms": headerValue,
      "x-request-id": headerValue,
      "x-should-retry": fc.constantFrom("true", "false"),
    },
    { requiredKeys: ["content-type"] },
  ),
  body,
});

describe("random answers", () => {
  it("always yield typed data or a NugenError without the key", async () => {
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 0, timeoutMs: 2000 });
    await fc.assert(
      fc.asyncProperty(scripted, async (answer) => {
        next = answer as Scripted;
        const outcome = await nugen.models.listAligned().then(
          (models) => ({ models }),
          (error: unknown) => ({ error }),
        );
        if ("models" in outcome) {
          expect(answer.status).toBeGreaterThanOrEqual(200);
          expect(answer.status).toBeLessThan(300);
          expect(Array.isArray(outcome.models)).toBe(true);
          expect(outcome.models).toEqual(JSON.parse(answer.body).domain_aligned_models);
        } else {
          expect(outcome.error).toBeInstanceOf(NugenError);
          const views = [
            String((outcome.error as Error).message),
            String((outcome.error as Error).stack),
            inspect(outcome.error, { depth: 10 }),
            JSON.stringify(outcome.error),
          ];
          for (const view of views) expect(view).not.toContain(apiKey);
        }
      }),
      { numRuns: 300 },
    );
    expect(unhandled).toEqual([]);
  });
});
