import { afterEach, describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  Nugen,
  NugenError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../src/index.js";
import { sendJson, startServer, type TestServer } from "./helpers/server.js";
import { specExample } from "./helpers/spec.js";

const apiKey = "nk-test-errors-0123456789";
let server: TestServer;
afterEach(() => server?.close());

async function failureOf(status: number, body: unknown, headers: Record<string, string> = {}) {
  server = await startServer((_req, res) => sendJson(res, status, body, headers));
  const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 0 });
  return nugen.models.listAligned().then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error as APIError,
  );
}

describe("error statuses", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
  ])("%i becomes %O with the server's reason", async (status, ErrorClass) => {
    const error = await failureOf(status, { detail: `reason for ${status}` }, { "x-request-id": `req-${status}` });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(NugenError);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`${status} reason for ${status}`);
    expect(error.requestId).toBe(`req-${status}`);
    expect(error.body).toEqual({ detail: `reason for ${status}` });
    expect(error.headers["content-type"]).toBe("application/json");
  });

  it("an unlisted 4xx is a plain APIError", async () => {
    const error = await failureOf(418, { detail: "teapot" });
    expect(error.constructor).toBe(APIError);
    expect(error.message).toBe("418 teapot");
  });

  it("names each field of a FastAPI 422 list", async () => {
    const error = await failureOf(422, {
      detail: [
        { loc: ["body", "name"], msg: "Field required", type: "missing" },
        { loc: ["body", "document_ids", 0], msg: "Input should be a valid string", type: "string_type" },
      ],
    });
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.message).toBe("422 body.name: Field required; body.document_ids.0: Input should be a valid string");
  });

  it("reads the message of an object detail, as the live API sends it", async () => {
    const error = await failureOf(404, specExample("NotFoundDetail"));
    expect(error.message).toBe("404 Document not found");
    expect(error.body).toEqual(specExample("NotFoundDetail"));
  });

  it("falls back to a snippet of a body that is not JSON", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
    });
    const error = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 0 }).models
      .listAligned()
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toContain("502 Bad Gateway");
  });

  it("never carries the API key, even when the server echoes it", async () => {
    const error = await failureOf(401, { detail: `Invalid key ${apiKey}` }, { "x-echo": apiKey });
    expect(error.message).toBe("401 Invalid key [redacted]");
    expect(JSON.stringify(error.body)).not.toContain(apiKey);
    expect(JSON.stringify(error.headers)).not.toContain(apiKey);
    expect(String(error.stack)).not.toContain(apiKey);
  });
});

describe("client configuration", () => {
  it("refuses to start without a key, naming both ways to give one", () => {
    const saved = process.env.NUGEN_API_KEY;
    delete process.env.NUGEN_API_KEY;
    try {
      expect(() => new Nugen()).toThrow(NugenError);
      expect(() => new Nugen()).toThrow(/apiKey.*NUGEN_API_KEY/);
      expect(() => new Nugen({ apiKey: "  " })).toThrow(/NUGEN_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.NUGEN_API_KEY = saved;
    }
  });

  it("reads the key and base URL from NUGEN_API_KEY and NUGEN_BASE_URL", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { domain_aligned_models: [] }));
    const saved = { key: process.env.NUGEN_API_KEY, url: process.env.NUGEN_BASE_URL };
    process.env.NUGEN_API_KEY = "nk-from-env-0123456789";
    process.env.NUGEN_BASE_URL = server.url;
    try {
      await new Nugen().models.listAligned();
      expect(server.requests[0]?.headers.authorization).toBe("Bearer nk-from-env-0123456789");
    } finally {
      for (const [name, value] of [
        ["NUGEN_API_KEY", saved.key],
        ["NUGEN_BASE_URL", saved.url],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("defaults to https://api.nugen.in", () => {
    expect(new Nugen({ apiKey }).baseUrl).toBe("https://api.nugen.in");
  });

  it("rejects nonsense options with the option's name", () => {
    expect(() => new Nugen({ apiKey, timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => new Nugen({ apiKey, maxRetries: 1.5 })).toThrow(/maxRetries/);
    expect(() => new Nugen({ apiKey, baseUrl: "not a url" })).toThrow(/baseUrl/);
  });
});
