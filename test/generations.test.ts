/**
 * Issue 16: one client speaks both API generations. Which one is found out once per client
 * (the server's /openapi-public.json, else a probe), pinned by option or environment, and a
 * call whose route differs goes to its generation's path with its generation's field names.
 */
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  GenerationDetectionError,
  Nugen,
  NugenError,
  RequestValidationError,
  UnsupportedOperationError,
} from "../src/index.js";
import { type RecordedRequest, sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-generations-0123456789";
let server: TestServer;
afterEach(() => server?.close());

type Route = (request: RecordedRequest, response: ServerResponse) => void;
const document = (...paths: string[]) => ({
  openapi: "3.1.0",
  info: { title: "Nugen", version: "3.0.0" },
  paths: Object.fromEntries(paths.map((path) => [path, {}])),
});
const notFound: Route = (_req, res) => sendJson(res, 404, { detail: "Not Found" });

/** A server with the given routes (path without query → handler); anything else is FastAPI's bare 404. */
function serve(routes: Record<string, Route>): Promise<TestServer> {
  return startServer((req, res) => (routes[`${req.method} ${req.path.replace(/\?.*$/, "")}`] ?? notFound)(req, res));
}

const created =
  (body: unknown): Route =>
  (_req, res) =>
    sendJson(res, 200, body);
const paths = () => server.requests.map((request) => `${request.method} ${request.path}`);

describe("detecting the generation", () => {
  it("reads the server's OpenAPI document once, shared by concurrent calls", async () => {
    server = await serve({
      "GET /openapi-public.json": created(
        document("/api/v3/alignment-projects/create", "/api/v3/alignment-project/create"),
      ),
      "GET /api/v3/alignment-projects/p1/status": created({ status: "PROCESSING", progress: 10 }),
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url });
    await Promise.all([
      nugen.alignmentProjects.status("p1"),
      nugen.alignmentProjects.status("p1"),
      nugen.alignmentProjects.status("p1"),
    ]);
    expect(paths().filter((path) => path === "GET /openapi-public.json")).toHaveLength(1);
    expect(paths().filter((path) => path.endsWith("/p1/status"))).toHaveLength(3);
    await expect(nugen.apiGeneration()).resolves.toEqual({ generation: "2026-09", source: "openapi" });
  });

  it("a document with only 2026-07 paths means 2026-07", async () => {
    server = await serve({
      "GET /openapi-public.json": created(document("/api/v3/models/deploy-model/{model_id}", "/api/v3/models/aligned")),
    });
    await expect(new Nugen({ apiKey, baseUrl: server.url }).apiGeneration()).resolves.toEqual({
      generation: "2026-07",
      source: "openapi",
    });
  });

  it("without a document, a 2xx from the 2026-09 list route means 2026-09", async () => {
    server = await serve({ "GET /api/v3/alignment-projects/list": created({ alignment_projects: [] }) });
    await expect(new Nugen({ apiKey, baseUrl: server.url }).apiGeneration()).resolves.toEqual({
      generation: "2026-09",
      source: "probe",
    });
    expect(paths()).toEqual(["GET /openapi-public.json", "GET /api/v3/alignment-projects/list?limit=1"]);
  });

  it("without a document, FastAPI's bare 404 on the 2026-09 route means 2026-07", async () => {
    server = await serve({});
    await expect(new Nugen({ apiKey, baseUrl: server.url }).apiGeneration()).resolves.toEqual({
      generation: "2026-07",
      source: "probe",
    });
  });

  it("a 404 that says more than Not Found, or a 500, fails with advice to pin; a failed detection is tried again", async () => {
    let answer = 0;
    server = await serve({
      "GET /api/v3/alignment-projects/list": (_req, res) =>
        answer++ === 0
          ? sendJson(res, 404, { detail: "Project not found" })
          : sendJson(res, 200, { alignment_projects: [] }),
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, maxRetries: 0 });
    const error = await nugen.alignmentProjects.status("p1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationDetectionError);
    expect((error as Error).message).toMatch(/apiGeneration: "2026-09"/);
    expect((error as Error).message).toMatch(/NUGEN_API_GENERATION/);
    expect(paths()).not.toContain("GET /api/v3/alignment-projects/p1/status");
    await expect(nugen.apiGeneration()).resolves.toEqual({ generation: "2026-09", source: "probe" });
  });

  it("a refused key is the usual AuthenticationError", async () => {
    server = await serve({
      "GET /api/v3/alignment-projects/list": (_req, res) => sendJson(res, 401, { detail: "Invalid API key" }),
    });
    await expect(new Nugen({ apiKey, baseUrl: server.url }).apiGeneration()).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it("inference and the model lists never wait for it", async () => {
    server = await serve({
      "GET /api/v3/models/aligned": created({ domain_aligned_models: [] }),
      "GET /api/v3/models/base": created({ models: [] }),
      "POST /api/v3/inference/embeddings": created({
        object: "list",
        data: [{ object: "embedding", index: 0, embedding: [0.1] }],
        model: "m",
      }),
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url });
    await nugen.models.listAligned();
    await nugen.models.listBase();
    await nugen.embeddings.create({ model: "m", input: "x" });
    expect(paths()).toEqual([
      "GET /api/v3/models/aligned",
      "GET /api/v3/models/base",
      "POST /api/v3/inference/embeddings",
    ]);
  });
});

describe("pinning the generation", () => {
  it("apiGeneration pins it: nothing is asked of the server", async () => {
    server = await serve({
      "POST /api/v3/alignment-project/create": created({ alignment_id: "p1", status: "QUEUED" }),
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    await nugen.alignmentProjects.create({ name: "n", base_model: "m", document_ids: ["doc_1"] });
    expect(paths()).toEqual(["POST /api/v3/alignment-project/create"]);
    await expect(nugen.apiGeneration()).resolves.toEqual({ generation: "2026-07", source: "pinned" });
  });

  it("NUGEN_API_GENERATION pins it, and a wrong value is refused naming it", async () => {
    const saved = process.env.NUGEN_API_GENERATION;
    try {
      process.env.NUGEN_API_GENERATION = "2026-09";
      await expect(new Nugen({ apiKey }).apiGeneration()).resolves.toEqual({ generation: "2026-09", source: "pinned" });
      process.env.NUGEN_API_GENERATION = "2027-01";
      expect(() => new Nugen({ apiKey })).toThrow(
        /Invalid NUGEN_API_GENERATION "2027-01": use "auto", "2026-07" or "2026-09"/,
      );
      // @ts-expect-error not a generation
      expect(() => new Nugen({ apiKey, apiGeneration: "latest" })).toThrow(NugenError);
    } finally {
      if (saved === undefined) delete process.env.NUGEN_API_GENERATION;
      else process.env.NUGEN_API_GENERATION = saved;
    }
  });
});

describe("one surface on both generations", () => {
  const project = {
    name: "Kestrel support",
    base_model: "nugen-flash-instruct",
    document_ids: ["document_0123456789abcdef"],
  };

  it("today's names go out as 2026-09's on a 2026-09 server, to its path only", async () => {
    server = await serve({
      "POST /api/v3/alignment-projects/create": created({ alignment_id: "align_1", status: "QUEUED" }),
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09" });
    const answer = await nugen.alignmentProjects.create(project);
    expect(answer.id).toBe("align_1");
    expect(paths()).toEqual(["POST /api/v3/alignment-projects/create"]);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
      alignment_name: "Kestrel support",
      base_model_id: "nugen-flash-instruct",
      document_ids: project.document_ids,
    });
  });

  it("2026-09's names go out as 2026-07's on a 2026-07 server", async () => {
    server = await serve({ "POST /api/v3/evaluations": created({ evaluation_id: "e1", status: "PROCESSING" }) });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    await nugen.evaluations.create({ model_id: "m1", benchmark_id: "b1", baseline_model_id: "m0" });
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
      model_id: "m1",
      benchmark_id: "b1",
      model_id_2: "m0",
    });
  });

  it("one field under both names is refused before sending", async () => {
    server = await serve({});
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09" });
    const error = await nugen.alignmentProjects
      .create({ ...project, alignment_name: "other" } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toMatch(/body\.name is the same field as body\.alignment_name/);
    expect(server.requests).toHaveLength(0);
  });

  it("a refusal names each field as the caller wrote it, a missing one by both generations' names", async () => {
    server = await serve({});
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09" });
    const empty = await nugen.alignmentProjects.create({ ...project, name: "" }).catch((e: unknown) => e);
    expect((empty as Error).message).toMatch(/body\.name must not be empty/);
    const missing = await nugen.alignmentProjects
      .create({ base_model: "m", document_ids: ["d"] } as never)
      .catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/body\.alignment_name \(or body\.name\) is required/);
    expect(server.requests).toHaveLength(0);
  });

  it("a call the server's generation has no route for is refused before sending, naming the generation", async () => {
    server = await serve({});
    const on09 = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09" });
    const error = await on09.evaluations.delete("e1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect((error as Error).message).toMatch(/deleteEvaluation has no route in the 2026-09 generation/);
    const on07 = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    await expect(on07.alignmentProjects.list()).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(on07.evaluations.retrieve("e1")).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(on07.models.deploy("m1", { early: true })).rejects.toBeInstanceOf(UnsupportedOperationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("2026-09 behaviour", () => {
  it("documents.list walks every page of at most 100", async () => {
    const all = Array.from({ length: 230 }, (_, index) => ({
      document_id: `document_${String(index).padStart(16, "0")}`,
      document_name: `f${index}.md`,
    }));
    server = await serve({
      "GET /api/v3/documents/list": (req, res) => {
        const query = new URL(req.path, "http://x").searchParams;
        const limit = Number(query.get("limit"));
        if (limit > 100)
          return sendJson(res, 422, { detail: [{ loc: ["query", "limit"], msg: "too big", type: "less_than_equal" }] });
        const offset = Number(query.get("offset"));
        sendJson(res, 200, { documents: all.slice(offset, offset + limit) });
      },
    });
    const listed = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09" }).documents.list();
    expect(listed.documents).toHaveLength(230);
    expect(listed.documents[229]).toMatchObject({ id: all[229]?.document_id, document_id: all[229]?.document_id });
    expect(paths()).toEqual([
      "GET /api/v3/documents/list?limit=100&offset=0",
      "GET /api/v3/documents/list?limit=100&offset=100",
      "GET /api/v3/documents/list?limit=100&offset=200",
    ]);
  });

  it("a finished alignment carries model_id and evaluation_id, read from the project", async () => {
    server = await serve({
      "GET /api/v3/alignment-projects/a1/status": created({ status: "READY", progress: 100, early_deployable: true }),
      "GET /api/v3/alignment-projects/a1": created({
        alignment_id: "a1",
        status: "READY",
        model_id: "model_0123456789abcdef",
        evaluation_id: "evaluation_01",
      }),
    });
    const done = await new Nugen({
      apiKey,
      baseUrl: server.url,
      apiGeneration: "2026-09",
    }).alignmentProjects.waitUntilDone("a1");
    expect(done).toMatchObject({
      id: "a1",
      status: "READY",
      model_id: "model_0123456789abcdef",
      evaluation_id: "evaluation_01",
      early_deployable: true,
    });
    expect(done.data).toMatchObject({
      progress: 100,
      model_id: "model_0123456789abcdef",
      evaluation_id: "evaluation_01",
    });
  });

  it("a failed alignment's error names its stage failures", async () => {
    server = await serve({
      "GET /api/v3/alignment-projects/a1/status": created({ status: "FAILED", progress: 5 }),
      "GET /api/v3/alignment-projects/a1": created({
        alignment_id: "a1",
        status: "FAILED",
        error: "Finetuning failed: HTTP 502 Bad Gateway",
        stage_failures: ["training: finetuning_failure"],
      }),
    });
    const error = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09" }).alignmentProjects
      .waitUntilDone("a1")
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("AlignmentFailedError");
    expect((error as Error).message).toContain(
      "Finetuning failed: HTTP 502 Bad Gateway (stage failures: training: finetuning_failure)",
    );
  });

  it("a deployment that ends UNDEPLOYED with an error failed; without one, right after the request, it is pending", async () => {
    const answers = [
      { status: "UNDEPLOYED" },
      { status: "DEPLOYING" },
      { status: "UNDEPLOYED", error: "GPU quota exceeded" },
    ];
    server = await serve({
      "GET /api/v3/models/m1/deployment/status": (_req, res) => sendJson(res, 200, answers.shift() ?? {}),
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09" });
    const error = await nugen.models.waitUntilDeployed("m1", { pollIntervalMs: 1 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("JobFailedError");
    expect((error as Error).message).toMatch(/ended with status UNDEPLOYED: GPU quota exceeded/);
    expect(server.requests).toHaveLength(3);
  });

  it("deploy 409 (still training) is typed, says to pass early: true, and is never resent", async () => {
    server = await serve({
      "POST /api/v3/models/m1/deployment": (_req, res) =>
        sendJson(res, 409, { detail: "Model is still training; retry with early=true" }),
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09" });
    const error = await nugen.models.deploy("m1").catch((e: unknown) => e);
    expect((error as Error).name).toBe("ConflictError");
    expect((error as Error).message).toMatch(/pass `\{ early: true \}`/);
    expect(server.requests).toHaveLength(1);
    await nugen.models.deploy("m1", { early: true }).catch(() => undefined);
    expect(server.requests[1]?.path).toBe("/api/v3/models/m1/deployment?early=true");
  });

  it("an evaluation whose status route answers 500 is followed through the evaluation itself", async () => {
    const details = [
      { evaluation_id: "e1", status: "CREATED" },
      { evaluation_id: "e1", status: "PROCESSING", n_samples_completed: 2, n_samples: 4 },
      { evaluation_id: "e1", status: "COMPLETED" },
    ];
    server = await serve({
      "GET /api/v3/evaluations/e1/status": (_req, res) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("Internal Server Error");
      },
      "GET /api/v3/evaluations/e1": (_req, res) => sendJson(res, 200, details.shift() ?? {}),
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09", maxRetries: 0 });
    const seen: unknown[] = [];
    const done = await nugen.evaluations.waitUntilDone("e1", {
      pollIntervalMs: 1,
      onProgress: (status) => seen.push(status.status),
    });
    expect(done.status).toBe("COMPLETED");
    expect(seen).toEqual(["CREATED", "PROCESSING", "COMPLETED"]);
    expect(paths().filter((path) => path.endsWith("/status"))).toHaveLength(1);
  });

  it("a document's id is final: its status carries it as document_id", async () => {
    server = await serve({
      "GET /api/v3/documents/document_0123456789abcdef/status": created({ status: "READY", progress: 100 }),
    });
    const status = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09" }).documents.status(
      "document_0123456789abcdef",
    );
    expect(status).toMatchObject({ status: "READY", document_id: "document_0123456789abcdef" });
  });

  it("a benchmark of questions is written in 2026-09's sample form", async () => {
    server = await serve({
      "POST /api/v3/benchmarks/upload": created({ benchmark_id: "benchmark_1", n_samples: 1, status: "READY" }),
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09" });
    const answer = await nugen.benchmarks.upload({
      name: "b",
      document_id: "document_0123456789abcdef",
      questions: [{ question: "Q?", answer: "A." }],
    });
    expect(answer.id).toBe("benchmark_1");
    const form = await new Response(new Uint8Array(server.requests[0]?.raw ?? []), {
      headers: { "content-type": String(server.requests[0]?.headers["content-type"]) },
    }).formData();
    expect(form.get("benchmark_name")).toBe("b");
    expect(form.get("name")).toBeNull();
    expect(JSON.parse(await (form.get("file") as File).text())).toEqual([
      { sample_num: 1, instruction: "Q?", response: "A." },
    ]);
  });

  it("a wait polls through a detection that failed on a 503, as through any transient status read", async () => {
    let probes = 0;
    server = await serve({
      "GET /api/v3/alignment-projects/list": (_req, res) =>
        probes++ === 0 ? sendJson(res, 503, { detail: "busy" }) : sendJson(res, 200, { alignment_projects: [] }),
      "GET /api/v3/alignment-projects/a1/status": created({ status: "READY", progress: 100 }),
      "GET /api/v3/alignment-projects/a1": created({
        alignment_id: "a1",
        status: "READY",
        model_id: "model_1",
        evaluation_id: null,
      }),
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, maxRetries: 0, logLevel: "off" });
    const done = await nugen.alignmentProjects.waitUntilDone("a1", { pollIntervalMs: 1 });
    expect(done).toMatchObject({ id: "a1", status: "READY", model_id: "model_1" });
    expect(probes).toBe(2);
  });

  it("one category given as a string goes out as a part on 2026-09 too", async () => {
    server = await serve({ "POST /api/v3/documents/create": created({ document_ids: ["document_0123456789abcdef"] }) });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-09" });
    await nugen.documents.upload(new File(["Returns within 30 days."], "policy.md"), { categories: "support" });
    const form = await new Response(new Uint8Array(server.requests[0]?.raw ?? []), {
      headers: { "content-type": String(server.requests[0]?.headers["content-type"]) },
    }).formData();
    expect(form.getAll("categories")).toEqual(["support"]);
  });
});
