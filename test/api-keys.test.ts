/**
 * nugen.apiKeys.list: the list as the route sends it (camelCase), its trailing slash, and
 * keys kept out of every log line and out of the error about an answer it cannot read.
 */
import { afterEach, describe, expect, it } from "vitest";
import { APIError, Nugen } from "../src/index.js";
import { type Handler, sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-keys-0123456789";
const OTHER_KEY = "nk-live-4f9c2a7e8b1d3f6a0c5e9b2d7a4f1c8e";
const keys = [
  {
    id: "key_1",
    name: "Production",
    key: OTHER_KEY,
    createdBy: "user@example.com",
    createdAt: "2026-05-02T08:14:09.771002",
    lastUsed: null,
    usage: 18342,
    status: "active",
    scopes: ["inference"],
  },
];
let server: TestServer;
afterEach(() => server?.close());

async function clientFor(handler: Handler, lines: string[] = []): Promise<Nugen> {
  server = await startServer(handler);
  const log = (message: string, ...rest: unknown[]) =>
    void lines.push([message, ...rest.map((item) => JSON.stringify(item))].join(" "));
  return new Nugen({
    apiKey,
    baseUrl: server.url,
    maxRetries: 1,
    logLevel: "debug",
    logger: { debug: log, info: log, warn: log, error: log },
  });
}

describe("apiKeys.list", () => {
  it("returns the list as sent, camelCase and undocumented fields kept, from the path with its trailing slash", async () => {
    const nugen = await clientFor((_req, res) => sendJson(res, 200, keys));
    expect(await nugen.apiKeys.list()).toEqual(keys);
    expect(server.requests[0]).toMatchObject({ method: "GET", path: "/api/v3/api-keys/" });
  });

  it("never logs a key, through a retry and a success", async () => {
    const lines: string[] = [];
    const nugen = await clientFor(
      (_req, res, index) => (index === 0 ? sendJson(res, 503, { detail: "busy" }) : sendJson(res, 200, keys)),
      lines,
    );
    await nugen.apiKeys.list();
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join("\n")).not.toContain(OTHER_KEY);
    expect(lines.join("\n")).not.toContain(apiKey);
  });

  it("refuses an answer that is not the list without quoting it: it may hold keys", async () => {
    const nugen = await clientFor((_req, res) => sendJson(res, 200, { keys }));
    const error = await nugen.apiKeys.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toBe(
      "200 with an answer that is not the list of API keys (not shown here: it may hold keys).",
    );
    expect(JSON.stringify(error)).not.toContain(OTHER_KEY);
    expect(String((error as Error).stack)).not.toContain(OTHER_KEY);
    expect((error as APIError).body).toBeUndefined();
  });
});
