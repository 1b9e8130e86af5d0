import { afterEach, describe, expect, it } from "vitest";
import type { ListAlignedModelsResponse } from "../src/index.js";
import { Nugen, type Undocumented } from "../src/index.js";
import { countingFetch, sendJson, startServer, type TestServer } from "./helpers/server.js";
import { spec, specExample } from "./helpers/spec.js";

const apiKey = "nk-test-models-0123456789";
let server: TestServer;
afterEach(() => server?.close());

describe("models.listAligned", () => {
  it("sends GET /api/v3/models/aligned with the bearer key and no body", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { domain_aligned_models: [] }));
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    await expect(nugen.models.listAligned()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe("GET");
    expect(request?.path).toBe("/api/v3/models/aligned");
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request?.body).toBe("");
  });

  it("reads back every documented field of the spec's example", async () => {
    const example = specExample<ListAlignedModelsResponse>("AlignedModels");
    server = await startServer((_req, res) => sendJson(res, 200, example));
    const models = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned();
    expect(models).toEqual(example.domain_aligned_models);
    // Every field of the (2026-07) example comes back, each one documented (the schema also names 2026-09's).
    const documented = Object.keys(spec.components.schemas.DomainAlignedModel.properties);
    expect(Object.keys(models[0] ?? {}).sort()).toEqual(Object.keys(example.domain_aligned_models[0] ?? {}).sort());
    expect(documented).toEqual(expect.arrayContaining(Object.keys(models[0] ?? {})));
    const [deployed, undeployed] = models;
    expect(deployed?.performance_metrics?.accuracy).toBe(0.92);
    expect(deployed?.evaluation_data?.metrics?.accuracy).toBe(0.92);
    expect(undeployed?.last_used).toBeNull();
    expect(undeployed?.endpoint).toBeNull();
    expect(undeployed?.downloadable).toBe(false);
  });

  it("passes unknown fields and unknown statuses through untouched", async () => {
    const model = { id: "m-1", name: "x", base_model: "b", status: "QUANTUM_READY", gpu_hours: 12.5, tags: ["a"] };
    server = await startServer((_req, res) => sendJson(res, 200, { domain_aligned_models: [model], next_page: null }));
    const [read] = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models.listAligned();
    expect(read).toEqual(model);
    expect(read?.status).toBe("QUANTUM_READY");
    // Undocumented fields stay on the object; their type says so explicitly.
    expect((read as Undocumented<typeof read>).gpu_hours).toBe(12.5);
  });

  it("sends client and per-call headers, the per-call one winning", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { domain_aligned_models: [] }));
    const nugen = new Nugen({
      apiKey,
      baseUrl: server.url,
      apiGeneration: "2026-07",
      headers: { "x-team": "ml", "x-trace": "client" },
    });
    await nugen.models.listAligned({ headers: { "x-trace": "call" } });
    expect(server.requests[0]?.headers["x-team"]).toBe("ml");
    expect(server.requests[0]?.headers["x-trace"]).toBe("call");
  });

  it("uses a custom fetch when given one", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { domain_aligned_models: [] }));
    const counted = countingFetch();
    await new Nugen({
      apiKey,
      baseUrl: server.url,
      apiGeneration: "2026-07",
      fetch: counted.fetch,
    }).models.listAligned();
    expect(counted.calls()).toBe(1);
    expect(server.requests).toHaveLength(1);
  });
});

describe("nugen.api with openapi-fetch middleware", () => {
  it("hands middleware real Requests and still applies auth, retries and errors", async () => {
    server = await startServer((req, res, index) =>
      index === 0
        ? sendJson(res, 503, { detail: "busy" }, { "retry-after-ms": "1" })
        : sendJson(res, 200, { domain_aligned_models: [], seen: req.headers["x-from-middleware"] }),
    );
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    const seen: unknown[] = [];
    nugen.api.use({
      onRequest({ request }) {
        seen.push(request instanceof Request);
        request.headers.set("x-from-middleware", "yes");
        return request;
      },
    });
    const { data } = await nugen.api.GET("/api/v3/models/aligned");
    expect(seen).toEqual([true]);
    expect(data).toEqual({ domain_aligned_models: [], seen: "yes" });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it("sends a POST body built by openapi-fetch unchanged", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { id: "p-1", status: "pending" }));
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    nugen.api.use({ onRequest: ({ request }) => request });
    await nugen.api.POST("/api/v3/alignment-project/create", {
      body: { name: "n", base_model: "m", document_ids: ["d"] },
    });
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ name: "n", base_model: "m", document_ids: ["d"] });
  });
});

describe("nugen.api with a body that is not JSON", () => {
  it("builds a real Request for it instead of failing", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { id: "p-1", status: "pending" }));
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    await nugen.api.POST("/api/v3/alignment-project/create", {
      body: { name: "n", base_model: "m", document_ids: ["d"] },
      bodySerializer: (body) => new Blob([JSON.stringify(body)], { type: "application/json" }),
    });
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ name: "n", base_model: "m", document_ids: ["d"] });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
  });
});

describe("nugen.api beside the resources", () => {
  it("middleware on nugen.api changes only nugen.api calls, never a resource's", async () => {
    server = await startServer((req, res) =>
      sendJson(res, 200, { domain_aligned_models: [], seen: req.headers["x-from-middleware"] ?? null }),
    );
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    let calls = 0;
    nugen.api.use({
      onRequest({ request }) {
        calls++;
        request.headers.set("x-from-middleware", "yes");
        return request;
      },
    });
    await nugen.models.listAligned();
    expect(calls).toBe(0);
    expect(server.requests[0]?.headers["x-from-middleware"]).toBeUndefined();
    await nugen.api.GET("/api/v3/models/aligned");
    expect(calls).toBe(1);
    expect(server.requests[1]?.headers["x-from-middleware"]).toBe("yes");
  });

  it("never sends the key to another origin than baseUrl's", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    const other = await startServer((_req, res) => sendJson(res, 200, {}));
    try {
      const nugen = new Nugen({ apiKey, baseUrl: "http://127.0.0.1" });
      const port = new URL(other.url).port;
      const call = nugen.api.GET(`:${port}/api/v3/models/aligned` as "/api/v3/models/aligned");
      await expect(call).rejects.toThrow(/Refusing to send the API key to http:\/\/127\.0\.0\.1:\d+/);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
