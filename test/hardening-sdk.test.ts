/**
 * Issue 20, the SDK's part: each defect the adversarial pass found, as a class of inputs,
 * through the public SDK against a real loopback server. Every refusal is a NugenError that
 * names the cause, and the API key appears in no error, log line or stack.
 */
import { execFile } from "node:child_process";
import { createReadStream, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../generated/operations.js";
import { requestSchemas } from "../generated/request-schemas.js";
import { createLogger } from "../src/core/logger.js";
import { schemaIssues } from "../src/core/schema-check.js";
import { createSecret } from "../src/core/secret.js";
import {
  BadRequestError,
  FileReadError,
  type Logger,
  MalformedStreamError,
  Nugen,
  NugenError,
  RequestValidationError,
  StreamInterruptedError,
  toFile,
} from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { closedPort, sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-hardening-5a4b3c2d1e";
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The error a constructor throws, or fails the test. */
function thrown(make: () => unknown): NugenError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(NugenError);
    return error as NugenError;
  }
  throw new Error("expected an error");
}

/** Every view of an error a user or a log could see. */
const views = (error: unknown) => [
  String((error as Error).message),
  String((error as Error).stack),
  inspect(error, { depth: 10, showHidden: true }),
  JSON.stringify(error),
];

describe("baseUrl: only an https (or loopback http) origin with an optional path", () => {
  it.each([
    "http://user:s3cr3t-pass@127.0.0.1:4010",
    "https://:s3cr3t-pass@api.nugen.in",
    "https://s3cr3t-pass@api.nugen.in/v3",
    "user:s3cr3t-pass@api.nugen.in",
  ])("refuses userinfo (%s) without printing it", (baseUrl) => {
    const error = thrown(() => new Nugen({ apiKey, baseUrl }));
    expect(error.message).toMatch(/user name or password/);
    expect(error.message).toMatch(/a base URL looks like https:\/\/api\.nugen\.in/);
    for (const view of views(error)) expect(view).not.toContain("s3cr3t-pass");
  });

  it.each([
    ["javascript:alert(1)", /scheme javascript: is not supported/],
    ["file:///etc/passwd", /scheme file: is not supported/],
    ["ws://localhost:4010", /scheme ws: is not supported/],
    ["https://api.nugen.in?x=1", /holds a query \(\?\.\.\.\)/],
    ["https://api.nugen.in/#top", /holds a fragment \(#\.\.\.\)/],
    ["https://api.nugen.in/v3?", /holds a query/],
    ["https://api.nu\ngen.in", /holds a space or control character/],
    [" https://api.nugen.in", /holds a space or control character/],
    ["", /is empty/],
    ["https://", /expected an absolute URL/],
  ])("refuses %j, saying what a base URL looks like", (baseUrl, why) => {
    const error = thrown(() => new Nugen({ apiKey, baseUrl }));
    expect(error.message).toMatch(why);
    expect(error.message).toMatch(/a base URL looks like https:\/\/api\.nugen\.in/);
    expect(error.message).not.toMatch(/write https:\/\/javascript|Refusing baseUrl null/);
  });

  it("still says the scheme is missing for host:port, and accepts a path", () => {
    expect(thrown(() => new Nugen({ apiKey, baseUrl: "localhost:4010" })).message).toMatch(
      /the scheme is missing; write https:\/\/localhost:4010/,
    );
    expect(new Nugen({ apiKey, baseUrl: "https://gateway.example.com/nugen/" }).baseUrl).toBe(
      "https://gateway.example.com/nugen",
    );
  });
});

describe("the API key's characters are checked at construction", () => {
  const secretPart = "nk-live-TWO-LINES-7f6e5d";
  it.each([
    ["a line break (a two-line key file)", `${secretPart}\nnk-live-second-line-4c3b2a`, /line break/],
    ["a carriage return", `${secretPart}\rnk-more`, /line break/],
    ["a tab", `${secretPart}\tx`, /space or control character/],
    ["a space", `${secretPart} x`, /space or control character/],
    ["a NUL", `${secretPart}\u0000x`, /space or control character/],
    ["a character outside ASCII", `${secretPart}é`, /outside ASCII/],
  ])("refuses a key holding %s, with a NugenError that does not print it", (_label, key, why) => {
    const error = thrown(() => new Nugen({ apiKey: key, baseUrl: "http://127.0.0.1:9" }));
    expect(error.message).toMatch(why);
    expect(error.message).toMatch(/apiKey/);
    for (const view of views(error)) expect(view).not.toContain(secretPart);
  });

  it("names NUGEN_API_KEY when the key came from there", () => {
    const saved = process.env.NUGEN_API_KEY;
    process.env.NUGEN_API_KEY = `${secretPart}\nnk-live-second-line-4c3b2a\n`;
    try {
      const error = thrown(() => new Nugen({ baseUrl: "http://127.0.0.1:9" }));
      expect(error.message).toMatch(/NUGEN_API_KEY holds a line break/);
      for (const view of views(error)) expect(view).not.toContain(secretPart);
    } finally {
      if (saved === undefined) delete process.env.NUGEN_API_KEY;
      else process.env.NUGEN_API_KEY = saved;
    }
  });

  it("accepts a key with a trailing newline (as `$(cat key.txt)` or a file read gives it)", () => {
    expect(() => new Nugen({ apiKey: `${secretPart}\n`, baseUrl: "http://127.0.0.1:9" })).not.toThrow();
  });
});

/** A logger that keeps every argument as given, and everything it printed. */
function recordingLogger() {
  const calls: unknown[][] = [];
  const record = (...args: unknown[]) => void calls.push(args);
  const logger: Logger = { debug: record, info: record, warn: record, error: record };
  const printed = () =>
    calls
      .map((args) =>
        args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: 20, showHidden: true }))).join(" "),
      )
      .join("\n");
  return { logger, calls, printed };
}

describe("debug logs never print the key, whatever header carries it", () => {
  it("masks a header whose value is or contains the key (X-Api-Key, a gateway's own), given to the client or per call", async () => {
    server = await startServer((_req, res, index) =>
      index === 0
        ? sendJson(res, 503, { detail: "busy" }, { "retry-after-ms": "1" })
        : sendJson(res, 200, { domain_aligned_models: [] }),
    );
    const { logger, calls, printed } = recordingLogger();
    const nugen = new Nugen({
      apiKey,
      baseUrl: server.url,
      apiGeneration: "2026-07",
      logLevel: "debug",
      logger,
      headers: { "X-Api-Key": apiKey },
    });
    await nugen.models.listAligned({ headers: { "X-Gateway-Auth": `Token ${apiKey}`, "X-Plain": "kept" } });
    expect(server.requests[0]?.headers["x-api-key"]).toBe(apiKey);
    expect(calls.length).toBeGreaterThan(1);
    expect(printed()).not.toContain(apiKey);
    expect(printed()).toMatch(/x-api-key.*\[redacted\]/);
    expect(printed()).toMatch(/x-gateway-auth.*Token \[redacted\]/);
    expect(printed()).toContain("kept");
  });

  it("scrubs every object handed to the logger, deeply, through cycles, errors and depth", () => {
    const secret = createSecret(apiKey);
    const { logger, calls, printed } = recordingLogger();
    const log = createLogger("debug", logger, secret);
    const cyclic: Record<string, unknown> = { note: `key ${apiKey}` };
    cyclic.self = cyclic;
    let deep: unknown = { key: apiKey };
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const failure = new Error(`failed with ${apiKey}`, { cause: { header: `Bearer ${apiKey}` } });
    const untouched = { plain: "no secret here" };
    log.debug(
      "objects",
      cyclic,
      deep,
      failure,
      [apiKey],
      { [apiKey]: 1 },
      new Headers({ "x-api-key": apiKey }),
      untouched,
    );
    expect(printed()).not.toContain(apiKey);
    const [, scrubbedCyclic, scrubbedDeep, scrubbedError] = calls[0] as [
      string,
      Record<string, unknown>,
      unknown,
      Error,
    ];
    let leaf = scrubbedDeep;
    while (Array.isArray(leaf)) leaf = leaf[0];
    expect(leaf).toEqual({ key: "[redacted]" });
    expect(scrubbedCyclic.self).toBe(scrubbedCyclic);
    expect(scrubbedError).toBeInstanceOf(Error);
    expect(scrubbedError.message).toBe("failed with [redacted]");
    expect(calls[0]?.[7]).toBe(untouched);
  });
});

describe("error bodies of any depth", () => {
  it.each([
    ["a list nested 100,000 deep", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
    ["a detail object nested 100,000 deep", `{"detail":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}`],
  ])("%s is a BadRequestError, not a RangeError", async (_label, body) => {
    server = await startServer((_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(body);
    });
    const error = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 0 }).models
      .listAligned()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message.length).toBeLessThan(1000);
  });
});

describe("durations above 2**31-1 ms (a timer would fire at once) are refused, naming the option and the maximum", () => {
  const TOO_LONG = /at most 2147483647 ms \(about 24\.8 days\)/;

  it("the client's timeoutMs", () => {
    expect(thrown(() => new Nugen({ apiKey, baseUrl: "http://127.0.0.1:9", timeoutMs: 2 ** 31 })).message).toMatch(
      new RegExp(`timeoutMs 2147483648: .*${TOO_LONG.source}`),
    );
    expect(() => new Nugen({ apiKey, baseUrl: "http://127.0.0.1:9", timeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });

  it("a call's timeoutMs, a wait's pollIntervalMs and timeoutMs, before anything is sent", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { status: "PROCESSING" }));
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    const call = await nugen.models.listAligned({ timeoutMs: 2 ** 31 }).catch((e: unknown) => e);
    expect(call).toBeInstanceOf(NugenError);
    expect((call as Error).message).toMatch(new RegExp(`options\\.timeoutMs 2147483648: .*${TOO_LONG.source}`));
    for (const [option, value] of [
      ["pollIntervalMs", 3e9],
      ["timeoutMs", 2 ** 31],
    ] as const) {
      const wait = await nugen.documents.waitUntilReady("upl_1", { [option]: value }).catch((e: unknown) => e);
      expect(wait).toBeInstanceOf(NugenError);
      expect((wait as Error).message).toMatch(new RegExp(`${option} ${value}: .*${TOO_LONG.source}`));
    }
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ["--timeout", "600h"],
    ["--timeout", "2147484s"],
    ["--wait-timeout", "597h"],
  ])("the CLI's %s %s is a usage error naming the maximum", async (flag, value) => {
    const args =
      flag === "--wait-timeout"
        ? ["documents", "upload", "x.md", "--wait", flag, value]
        : ["models", "list", flag, value];
    const result = await runCli(args, {
      NUGEN_API_KEY: apiKey,
      NUGEN_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`option '${flag} <duration>' argument '${value}' is invalid`);
    expect(result.stderr).toMatch(/at most 596h/);
  });
});

/** What a call rejected with; the test fails if it resolved. */
async function rejection(call: Promise<unknown>): Promise<NugenError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NugenError);
  return error as NugenError;
}

const ok = () =>
  startServer((_req, res) =>
    sendJson(res, 200, { data: [{ embedding: [0.1], index: 0 }], model: "m", object: "list" }),
  );
const embed = (nugen: Nugen, extra: Record<string, unknown> = {}, options = {}) =>
  nugen.embeddings.create({ model: "m", input: ["a"], ...extra } as never, options);

describe("headers: a line break, a character a header cannot carry or a bad name is a NugenError, never a raw TypeError", () => {
  const values: [string, string, RegExp][] = [
    ["CR LF (a forged header)", "a\r\nX-Injected: 1", /line break/],
    ["a lone LF", "a\nb", /line break/],
    ["a NUL", "a\u0000b", /control character/],
    ["a character outside Latin-1", "ok ✓", /outside Latin-1/],
  ];

  it.each(values)("per call: %s", async (_label, value, why) => {
    server = await ok();
    const error = await rejection(
      embed(
        new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }),
        {},
        { headers: { "X-Trace": value } },
      ),
    );
    expect(error.message).toMatch(why);
    expect(error.message).toMatch(/X-Trace/);
    expect(server.requests).toHaveLength(0);
  });

  it.each(values)("sessionId and provider: %s", async (_label, value, why) => {
    server = await ok();
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    for (const option of ["sessionId", "provider"])
      expect((await rejection(embed(nugen, {}, { [option]: value }))).message).toMatch(why);
    expect(server.requests).toHaveLength(0);
  });

  it.each(values)("the client's headers, at construction: %s", (_label, value, why) => {
    expect(
      thrown(() => new Nugen({ apiKey, baseUrl: "http://127.0.0.1:9", headers: { "X-Trace": value } })).message,
    ).toMatch(why);
  });

  it("a header name that is not a token, or a value that is not a string, named; the value never printed", async () => {
    expect(
      thrown(() => new Nugen({ apiKey, baseUrl: "http://127.0.0.1:9", headers: { "X Bad": "v" } })).message,
    ).toMatch(/header name "X Bad"/);
    expect(
      thrown(() => new Nugen({ apiKey, baseUrl: "http://127.0.0.1:9", headers: { "X-N": 5 as never } })).message,
    ).toMatch(/X-N.*expected a string/);
    server = await ok();
    const error = await rejection(
      embed(
        new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }),
        {},
        { headers: { "X-Api-Key": `${apiKey}\n` } },
      ),
    );
    for (const view of views(error)) expect(view).not.toContain(apiKey);
  });
});

describe("bodies and queries JSON cannot carry are refused before sending, naming the field", () => {
  const cyclic: Record<string, unknown> = { model: "m" };
  cyclic.self = cyclic;
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];

  it.each([
    ["a BigInt", { dimensions: 10n }, /body\.dimensions is a BigInt/],
    [
      "Infinity in an integer field",
      { dimensions: Number.POSITIVE_INFINITY },
      /body\.dimensions must be a finite number \(got Infinity\)/,
    ],
    ["NaN", { dimensions: Number.NaN }, /body\.dimensions must be a finite number \(got NaN\)/],
    [
      "-Infinity in a list",
      { input: ["a"], extra: [1, Number.NEGATIVE_INFINITY] },
      /body\.extra\[1\] must be a finite number/,
    ],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the case under test.
    ["a hole in a list", { input: ["a", , "b"] }, /body\.input\[1\] is undefined, which JSON sends as null in a list/],
    ["a cycle", { extra: cyclic }, /body\.extra\.self refers back to itself/],
    ["nesting 100,000 deep", { extra: deep }, /body\.extra\[0\]\[0\].*… is nested deeper than 1000 levels/],
    ["a lone surrogate", { input: ["half an emoji \ud83d"] }, /body\.input\[0\] holds a lone surrogate/],
  ])("%s", async (_label, extra, why) => {
    server = await ok();
    const error = await rejection(embed(new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }), extra));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toMatch(why);
    expect(server.requests).toHaveLength(0);
  });

  it("Infinity in a query (offset) and a lone surrogate in an id or a query", async () => {
    server = await ok();
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    expect((await rejection(nugen.evaluations.list({ offset: Number.POSITIVE_INFINITY }))).message).toMatch(
      /offset must be a finite number \(got Infinity\)/,
    );
    expect((await rejection(nugen.models.deploy("model-\udc00"))).message).toMatch(/model_id holds a lone surrogate/);
    expect((await rejection(nugen.evaluations.list({ model_id: "\ud800x" }))).message).toMatch(
      /model_id holds a lone surrogate/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("ids `.` and `..` never reach another route", () => {
  const withPathParameters = Object.entries(operations).filter(([, operation]) => operation.path.includes("{"));

  it("every path parameter of the spec refuses them (and still takes ids with dots)", () => {
    expect(withPathParameters.length).toBeGreaterThan(10);
    for (const [operationId, operation] of withPathParameters) {
      const schema = requestSchemas[operationId]?.path;
      expect(schema, operationId).toBeDefined();
      const validate = (value: unknown) => schemaIssues(schema!, value).length === 0;
      const names = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
      const ids = (id: string) => Object.fromEntries(names.map((name) => [name, id]));
      for (const id of [".", ".."]) expect(validate(ids(id)), `${operationId} ${id}`).toBe(false);
      for (const id of ["...", ".hidden", "v1.2", "-ak-14"])
        expect(validate(ids(id)), `${operationId} ${id}`).toBe(true);
    }
  });

  it.each([".", ".."])(
    "models.deploy, benchmarks.retrieve, documents.status and evaluations.status refuse %j before sending",
    async (id) => {
      server = await startServer((_req, res) => sendJson(res, 200, {}));
      const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
      for (const call of [
        nugen.models.deploy(id),
        nugen.benchmarks.retrieve(id),
        nugen.documents.status(id),
        nugen.evaluations.status(id),
      ]) {
        const error = await rejection(call);
        expect(error).toBeInstanceOf(RequestValidationError);
        expect(error.message).toMatch(
          new RegExp(`(id|model_id) must not be "${id.replaceAll(".", "\\.")}": in a URL path it names another route`),
        );
      }
      expect(server.requests).toHaveLength(0);
    },
  );
});

const streamChunk = (content: string | null, finish: string | null = null) => ({
  id: "chatcmpl-1",
  object: "chat.completion.chunk",
  created: 1,
  model: "m",
  choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
});
const sseEvent = (event: unknown) => `data: ${typeof event === "string" ? event : JSON.stringify(event)}\n\n`;

/** A chat stream written by `write`; resolves to the answer's text, or rejects as the SDK does. */
async function streamed(write: (res: ServerResponse) => void | Promise<void>): Promise<string> {
  server = await startServer(async (_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    await write(res);
  });
  const stream = await new Nugen({
    apiKey,
    baseUrl: server.url,
    apiGeneration: "2026-07",
    maxRetries: 0,
  }).chat.completions.create({ model: "m", messages: [{ role: "user", content: "Hi" }], stream: true });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  return text;
}

/** Writes `total` characters of `unit` in 1 MiB pieces, waiting for the socket to drain. */
async function writeMany(res: ServerResponse, unit: string, total: number): Promise<void> {
  const piece = unit.repeat(Math.ceil(2 ** 20 / unit.length));
  for (let sent = 0; sent < total && !res.destroyed; sent += piece.length) {
    if (!res.write(piece)) await new Promise((resolve) => res.once("drain", resolve));
  }
}

describe("the event stream decoder has limits", () => {
  it("a line without a line end past 16 MiB ends the stream with a MalformedStreamError saying the limit", async () => {
    const error = await streamed(async (res) => {
      res.write(sseEvent(streamChunk("Hello ")));
      res.write("data: ");
      await writeMany(res, "x", 17 * 2 ** 20);
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedStreamError);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as Error).message).toMatch(/line .*16 MiB/);
  });

  it("data lines without a blank line past 16 MiB in all end it too", async () => {
    const error = await streamed(async (res) => {
      res.write(sseEvent(streamChunk("Hello ")));
      await writeMany(res, `data: ${"y".repeat(1000)}\n`, 17 * 2 ** 20);
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedStreamError);
    expect((error as Error).message).toMatch(/event .*16 MiB/);
  });

  it("a long line under the limit, in many pieces, arrives whole", async () => {
    const long = "z".repeat(8 * 2 ** 20);
    const text = await streamed(async (res) => {
      const event = sseEvent(streamChunk(long));
      for (let at = 0; at < event.length; at += 65_536) res.write(event.slice(at, at + 65_536));
      res.end(`${sseEvent(streamChunk(null, "stop"))}${sseEvent("[DONE]")}`);
    });
    expect(text).toBe(long);
  });
});

describe("a broken chunk on a stream is never dropped silently", () => {
  it.each([
    [
      "cut short",
      '{"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"NOT "}',
    ],
    [
      "with a stray byte",
      '{"id":"chatcmpl-1","choices":[{"index":0,"delta":{"content":"NOT "},"finish_reason":null}]}x',
    ],
    ["an object that is not JSON at all", "{not json}"],
  ])("a chunk-shaped event %s ends the stream with a MalformedStreamError", async (_label, broken) => {
    const error = await streamed((res) => {
      res.end(
        [
          sseEvent(streamChunk("The answer is ")),
          sseEvent(broken),
          sseEvent(streamChunk("42.")),
          sseEvent(streamChunk(null, "stop")),
          sseEvent("[DONE]"),
        ].join(""),
      );
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedStreamError);
    expect((error as Error).message).toMatch(/not valid JSON/);
  });

  it("text that is not shaped as a chunk (a keep-alive word) is still passed over", async () => {
    const text = await streamed((res) => {
      res.end(
        [
          sseEvent(streamChunk("The answer is ")),
          sseEvent("ping"),
          sseEvent(streamChunk("42.", "stop")),
          sseEvent("[DONE]"),
        ].join(""),
      );
    });
    expect(text).toBe("The answer is 42.");
  });
});

describe("uploads: a file that cannot be read is a local FileReadError naming the path and the cause, never a crash", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "nugen-hardening-"));
    writeFileSync(join(dir, "present.md"), "# present\n");
    mkdirSync(join(dir, "a-directory"));
    symlinkSync(join(dir, "loop"), join(dir, "loop"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("createReadStream(missing) rejects, and the process lives on (no unhandled 'error')", async () => {
    const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
    const script = `
      import { createReadStream } from "node:fs";
      import { Nugen } from ${JSON.stringify(dist)};
      const nugen = new Nugen({ apiKey: "nk-test-0123456789", baseUrl: "http://127.0.0.1:9", apiGeneration: "2026-07", maxRetries: 0 });
      const missing = ${JSON.stringify(join(dir, "missing.md"))};
      const one = await nugen.documents.upload(createReadStream(missing)).catch((e) => e);
      // The second file's stream fails to open while the first is being sent.
      const two = await nugen.documents.uploadAndWait([createReadStream(${JSON.stringify(join(dir, "present.md"))}), createReadStream(missing)]).catch((e) => e);
      await new Promise((resolve) => setTimeout(resolve, 300));
      console.log(JSON.stringify({ one: { name: one.name, message: one.message, code: one.code, path: one.path, mayHaveTakenEffect: one.mayHaveTakenEffect }, two: two.name }));
    `;
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = execFile(process.execPath, ["--input-type=module", "-e", script], (_error, stdout, stderr) =>
          resolve({ code: child.exitCode, stdout, stderr }),
        );
      },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const { one, two } = JSON.parse(stdout);
    expect(one).toEqual({
      name: "FileReadError",
      message: expect.stringMatching(/missing\.md does not exist \(ENOENT\)/),
      code: "ENOENT",
      path: join(dir, "missing.md"),
      mayHaveTakenEffect: false,
    });
    expect(two).toBe("APIConnectionError");
  });

  it.each([
    ["a directory", "a-directory", "EISDIR", /is a directory \(EISDIR\)/],
    ["a path through a file", "present.md/inner.md", "ENOTDIR", /ENOTDIR/],
    ["a loop of symbolic links", "loop", "ELOOP", /ELOOP/],
  ])("%s: refused before sending, nothing stored (mayHaveTakenEffect false)", async (_label, name, code, why) => {
    server = await startServer((_req, res) => sendJson(res, 200, { document_ids: ["upl_1"] }));
    const path = join(dir, name);
    const error = await rejection(
      new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).documents.upload(createReadStream(path)),
    );
    expect(error).toBeInstanceOf(FileReadError);
    expect(error.message).toMatch(why);
    expect(error.message).toContain(path);
    expect((error as FileReadError).code).toBe(code);
    expect((error as FileReadError).path).toBe(path);
    expect(error.mayHaveTakenEffect).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  it("a device (not a regular file) is refused before sending", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { document_ids: ["upl_1"] }));
    const error = await rejection(
      new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).documents.upload(
        createReadStream("/dev/null"),
      ),
    );
    expect(error).toBeInstanceOf(FileReadError);
    expect(error.message).toMatch(/\/dev\/null is not a regular file/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("uploads: what a file field takes", () => {
  it.each([
    ["one path", "/etc/hostname"],
    ["a list with a path", ["/etc/hostname"]],
  ])("a string (%s) is refused before sending, saying what to pass", async (_label, files) => {
    server = await startServer((_req, res) => sendJson(res, 200, { document_ids: ["upl_1"] }));
    const error = await rejection(
      new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).documents.upload(files as never),
    );
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toMatch(/body\.files\[0\] must be a file, not a string \("\/etc\/hostname"\)/);
    expect(error.message).toMatch(/fs\.createReadStream/);
    expect(error.message).toMatch(/fs\.openAsBlob/);
    expect(error.message).toMatch(/toFile/);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ["a line break", "two\nlines.md", /line break/],
    ["a carriage return", "cr\r.md", /line break/],
    ["a quote", 'say "hi".md', /quote/],
    ["a control character", "bell\u0007.md", /control character/],
  ])("a file name holding %s is refused before sending, naming the field", async (_label, name, why) => {
    server = await startServer((_req, res) => sendJson(res, 200, { document_ids: ["upl_1"] }));
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    for (const file of [new File(["text"], name), await toFile("text", name)]) {
      const error = await rejection(nugen.documents.upload(file));
      expect(error).toBeInstanceOf(RequestValidationError);
      expect(error.message).toMatch(/body\.files\[0\] has the file name/);
      expect(error.message).toMatch(why);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("toFile refuses a name with a lone surrogate (a File would turn it into U+FFFD, so it would not arrive as given)", async () => {
    const error = await rejection(toFile("text", "half\ud83d.md"));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toMatch(/name has the file name "half\\ud83d\.md", which is not valid Unicode/);
  });

  it("a file on disk whose name is not UTF-8 is refused, and one whose name is arrives exactly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nugen-names-"));
    try {
      const latin1 = Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from(".md")]);
      writeFileSync(latin1, "café");
      writeFileSync(join(dir, "résumé ✓ (v2).md"), "ok");
      server = await startServer((_req, res) => sendJson(res, 200, { document_ids: ["upl_1"] }));
      const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
      const error = await rejection(nugen.documents.upload(createReadStream(latin1)));
      expect(error).toBeInstanceOf(RequestValidationError);
      expect(error.message).toMatch(/not valid UTF-8/);
      expect(server.requests).toHaveLength(0);
      await nugen.documents.upload(createReadStream(join(dir, "résumé ✓ (v2).md")));
      expect(server.requests[0]?.raw.toString("utf8")).toContain('filename="résumé ✓ (v2).md"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
