import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { Logger } from "../src/index.js";
import { Nugen, NugenError } from "../src/index.js";
import { sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-live-SECRET-9f8e7d6c5b4a";
let server: TestServer;
afterEach(() => server?.close());

function recordingLogger() {
  const lines: { level: string; text: string }[] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push({ level, text: args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 5 }))).join(" ") });
  const logger: Logger = { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
  return { logger, lines };
}

describe("the API key never leaks", () => {
  it("not in an error's message, stack, util.inspect or JSON.stringify, nor in the client", async () => {
    server = await startServer((_req, res) =>
      sendJson(res, 401, { detail: `Key ${apiKey} revoked`, key: apiKey }, { "www-authenticate": `Bearer ${apiKey}` }),
    );
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    const error = (await nugen.models.listAligned().catch((e: unknown) => e)) as Error;
    for (const view of [
      error.message,
      String(error.stack),
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      inspect(nugen, { depth: 10 }),
    ]) {
      expect(view).not.toContain(apiKey);
    }
    expect(inspect(error)).toContain("[redacted]");
  });

  it("not in connection errors and their causes", async () => {
    const nugen = new Nugen({ apiKey, baseUrl: "http://127.0.0.1:9", maxRetries: 0 });
    const error = (await nugen.models.listAligned().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(NugenError);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(apiKey);
  });
});

describe("baseUrl safety", () => {
  it("refuses plain http to a host that is not loopback", () => {
    expect(() => new Nugen({ apiKey, baseUrl: "http://api.nugen.in" })).toThrow(NugenError);
    expect(() => new Nugen({ apiKey, baseUrl: "http://10.0.0.5:8080" })).toThrow(/clear text/);
    expect(() => new Nugen({ apiKey, baseUrl: "ftp://api.nugen.in" })).toThrow(/Refusing baseUrl/);
  });

  it("allows https anywhere and http on loopback", () => {
    for (const baseUrl of [
      "https://api.nugen.in",
      "http://localhost:4010",
      "http://127.0.0.1:4010",
      "http://[::1]:4010",
    ]) {
      expect(new Nugen({ apiKey, baseUrl }).baseUrl).toBe(baseUrl);
    }
  });
});

describe("logging", () => {
  it("at debug, logs method, path, status, attempt and duration, with Authorization redacted", async () => {
    server = await startServer((_req, res, index) =>
      index === 0
        ? sendJson(res, 503, { detail: "busy" }, { "retry-after-ms": "1" })
        : sendJson(res, 200, { domain_aligned_models: [] }),
    );
    const { logger, lines } = recordingLogger();
    await new Nugen({
      apiKey,
      baseUrl: server.url,
      apiGeneration: "2026-07",
      logLevel: "debug",
      logger,
    }).models.listAligned();
    const debug = lines.filter((line) => line.level === "debug").map((line) => line.text);
    expect(debug[0]).toMatch(/^nugen: GET \/api\/v3\/models\/aligned -> 503 \(attempt 1, \d+ ms\)/);
    expect(debug[1]).toMatch(/^nugen: GET \/api\/v3\/models\/aligned -> 200 \(attempt 2, \d+ ms\)/);
    expect(debug[0]).toContain("Bearer ***");
    expect(lines.some((line) => line.level === "info" && /answered 503; retrying in 1 ms/.test(line.text))).toBe(true);
    expect(lines.map((line) => line.text).join("\n")).not.toContain(apiKey);
  });

  it("defaults to warn: a successful call logs nothing", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { domain_aligned_models: [] }));
    const { logger, lines } = recordingLogger();
    await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", logger }).models.listAligned();
    expect(lines).toEqual([]);
  });

  it("reads the level from NUGEN_LOG, and off silences everything", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { domain_aligned_models: [] }));
    const saved = process.env.NUGEN_LOG;
    try {
      process.env.NUGEN_LOG = "debug";
      const verbose = recordingLogger();
      await new Nugen({
        apiKey,
        baseUrl: server.url,
        apiGeneration: "2026-07",
        logger: verbose.logger,
      }).models.listAligned();
      expect(verbose.lines.length).toBeGreaterThan(0);
      const silent = recordingLogger();
      await new Nugen({
        apiKey,
        baseUrl: server.url,
        apiGeneration: "2026-07",
        logger: silent.logger,
        logLevel: "off",
      }).models.listAligned();
      expect(silent.lines).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.NUGEN_LOG;
      else process.env.NUGEN_LOG = saved;
    }
  });

  it("rejects an unknown logLevel", () => {
    expect(() => new Nugen({ apiKey, logLevel: "loud" as never })).toThrow(/logLevel/);
  });
});
