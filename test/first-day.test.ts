/**
 * What a new user hit on the first day, in the SDK: errors that say what happened and what to
 * do, limits on what the API stores, who is calling, and the request id on every result.
 */
import { afterEach, describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };
import { APIConnectionError, APIUserAbortError, Nugen, NugenError, RequestValidationError } from "../src/index.js";
import { VERSION } from "../src/version.js";
import { closedPort, sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-first-day-0123456789";
let server: TestServer;
afterEach(() => server?.close());

describe("errors that say what happened", () => {
  it("a connection error names the URL it could not reach and the cause", async () => {
    const port = await closedPort();
    const error = await new Nugen({ apiKey, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 }).models
      .listAligned()
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toBe(`Could not reach http://127.0.0.1:${port}/api/v3/models/aligned: connection refused.`);
  });

  it.each(["localhost:4010", "api.nugen.in", "127.0.0.1:4010/api"])(
    "baseUrl %s says the scheme is missing",
    (baseUrl) => {
      expect(() => new Nugen({ apiKey, baseUrl })).toThrow(
        new NugenError(
          `Invalid baseUrl "${baseUrl}": the scheme is missing; write https://${baseUrl} (or http://${baseUrl} on localhost).`,
        ),
      );
    },
  );

  it("controller.abort(reason) keeps the reason as the error's cause", async () => {
    server = await startServer(() => {});
    const controller = new AbortController();
    const call = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned({
      signal: controller.signal,
    });
    const reason = new Error("the user closed the tab");
    setTimeout(() => controller.abort(reason), 20);
    const error = await call.catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.cause).toBe(reason);
  });
});

describe("inputs with limits", () => {
  it("a 10 MB name is refused before sending, naming the field and the limit", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    const error = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).alignmentProjects
      .create({ name: "x".repeat(10 * 1024 * 1024), base_model: "m", document_ids: ["doc_1"] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toBe("Invalid request: body.name must be at most 256 characters long");
    expect(server.requests).toHaveLength(0);
  });
});

describe("every request says who sent it", () => {
  it("with a User-Agent naming the SDK, its version and the runtime; a caller's own wins", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { domain_aligned_models: [] }));
    await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned();
    expect(server.requests[0]?.headers["user-agent"]).toBe(
      `nugen-ts/${VERSION} node/${process.versions.node} ${process.platform}-${process.arch}`,
    );
    await new Nugen({
      apiKey,
      baseUrl: server.url,
      apiGeneration: "2026-07",
      headers: { "User-Agent": "my-app/1.0" },
    }).models.listAligned();
    expect(server.requests[1]?.headers["user-agent"]).toBe("my-app/1.0");
  });

  it("VERSION is package.json's version", () => {
    expect(VERSION).toBe(packageJson.version);
  });
});

describe("results carry the request id and reach the raw response", () => {
  it("_request_id on the result, withResponse() for the Response", async () => {
    server = await startServer((_req, res) =>
      sendJson(res, 200, { status: "READY", document_id: "doc_1" }, { "x-request-id": "req_42" }),
    );
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    const status = await nugen.documents.status("upl_1");
    expect((status as { _request_id?: string })._request_id).toBe("req_42");
    // Not an enumerable field: JSON and equality see only what the server sent.
    expect(JSON.stringify(status)).toBe('{"status":"READY","document_id":"doc_1"}');
    const { data, response, requestId } = await nugen.documents.status("upl_1").withResponse();
    expect(data).toEqual({ status: "READY", document_id: "doc_1" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req_42");
    expect(requestId).toBe("req_42");
  });
});
