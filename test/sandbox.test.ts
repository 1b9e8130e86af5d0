import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InternalServerError, NotFoundError, Nugen, RateLimitError } from "../src/index.js";
import { createSandbox, type Sandbox, type SandboxOptions } from "../src/sandbox/index.js";
import { RETURNS_POLICY } from "./helpers/sandbox.js";
import { specExample } from "./helpers/spec.js";

let project = {
  name: "Support Alignment",
  base_model: "nugen-flash-instruct",
  document_ids: ["doc-1"],
  benchmark_id: "bench-1" as string | undefined,
};
let sandbox: Sandbox | undefined;
let clock = 0;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** A sandbox on a clock the test moves by hand. */
async function start(options: SandboxOptions = {}) {
  clock = Date.parse("2026-11-24T12:00:00Z");
  sandbox = await createSandbox({ log: false, now: () => clock, ...options });
  return { sandbox, nugen: new Nugen({ apiKey: "sandbox-key", baseUrl: sandbox.url, maxRetries: 0 }) };
}

/** A processed document and a benchmark made from it, which `project` names (projects need documents that exist). */
async function prepare() {
  const form = new FormData();
  form.append("files", new Blob([RETURNS_POLICY]), "returns-policy.md");
  const { document_ids } = await (
    await raw("/api/v3/documents", { method: "POST", body: form, headers: { "content-type": "" } })
  ).json();
  clock += 60_000;
  const { document_id } = await (await raw(`/api/v3/documents/${document_ids[0]}`)).json();
  const benchmark = await (
    await raw("/api/v3/benchmark/create", {
      method: "POST",
      body: JSON.stringify({ documents: [document_id], num_questions: 3 }),
    })
  ).json();
  clock += 60_000;
  project = { ...project, document_ids: [document_id], benchmark_id: benchmark.benchmark_id };
}

function raw(path: string, init: RequestInit = {}) {
  const headers: Record<string, string> = {
    authorization: "Bearer k",
    "content-type": "application/json",
    ...(init.headers as Record<string, string>),
  };
  // An empty content type lets fetch set the form's own, with its boundary.
  if (headers["content-type"] === "") delete headers["content-type"];
  return fetch(`${sandbox?.url}${path}`, { ...init, headers });
}

// The 2026-07 lifecycle, on a sandbox of that generation (sandbox-generations.test.ts follows the 2026-09 one).
describe("sandbox: the alignment lifecycle", () => {
  it("runs PROCESSING with rising progress, then READY with its model UNDEPLOYED until asked to deploy", async () => {
    const { nugen } = await start({ generation: "2026-07" });
    await prepare();
    const created = await nugen.alignmentProjects.create(project);
    expect(created).toMatchObject({ status: "PROCESSING", alignment_id: created.id });

    expect(await nugen.alignmentProjects.status(created.id)).toMatchObject({
      status: "PROCESSING",
      data: { progress: 0 },
      end_time: null,
    });
    clock += 4_500;
    expect(await nugen.alignmentProjects.status(created.id)).toMatchObject({
      status: "PROCESSING",
      data: { progress: 45 },
    });
    expect((await nugen.models.listAligned()).map((model) => model.alignment_id)).not.toContain(created.id);

    clock += 5_500;
    const ready = await nugen.alignmentProjects.status(created.id);
    expect(ready).toMatchObject({
      status: "READY",
      data: { progress: 100, error: null, gpu_training_completed: true },
    });
    expect(ready.end_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    const undeployed = (await nugen.models.listAligned()).find((model) => model.alignment_id === created.id);
    expect(undeployed).toMatchObject({
      id: ready.data?.model_id,
      status: "UNDEPLOYED",
      endpoint: null,
      evaluation_data: { status: "PROCESSING" },
    });
    clock += 60_000;
    expect((await nugen.models.listAligned()).find((model) => model.alignment_id === created.id)).toMatchObject({
      status: "UNDEPLOYED",
      evaluation_data: { status: "READY" },
    });

    expect((await raw(`/api/v3/models/deploy-model/${ready.data?.model_id}`, { method: "POST" })).status).toBe(200);
    expect((await nugen.models.listAligned()).find((model) => model.alignment_id === created.id)).toMatchObject({
      status: "DEPLOYING",
      endpoint: null,
    });
    clock += 3_000;
    const deployed = (await nugen.models.listAligned()).find((model) => model.alignment_id === created.id);
    expect(deployed).toMatchObject({ status: "DEPLOYED", deployment_status: "DEPLOYED" });
    expect(deployed?.endpoint).toBe(`${sandbox?.url}/api/v3/inference/completions/${deployed?.id}`);
  });

  it("fails a project whose name contains [fail], with the reason", async () => {
    const { nugen } = await start({ generation: "2026-07" });
    await prepare();
    const created = await nugen.alignmentProjects.create({ ...project, name: "Doomed [fail]" });
    clock += 6_000;
    const failed = await nugen.alignmentProjects.status(created.id);
    expect(failed).toMatchObject({ status: "FAILED", data: { progress: 60, model_id: null } });
    expect(failed.data?.error).toMatch(/Training diverged/);
    clock += 60_000;
    expect((await nugen.models.listAligned()).some((model) => model.alignment_id === created.id)).toBe(false);
  });

  it("runs the clock faster with speed, and job length is configurable", async () => {
    const { nugen } = await start({ generation: "2026-07", speed: 2, jobSeconds: 20 });
    await prepare();
    const created = await nugen.alignmentProjects.create(project);
    clock += 5_000;
    expect(await nugen.alignmentProjects.status(created.id)).toMatchObject({ data: { progress: 50 } });
    clock += 5_000;
    expect(await nugen.alignmentProjects.status(created.id)).toMatchObject({ status: "READY" });
  });

  it("on the real clock, createAndWait follows a project to READY", async () => {
    const { nugen } = await start({ now: Date.now, jobSeconds: 0.3, documentSeconds: 0, benchmarkSeconds: 0 });
    await prepare();
    const done = await nugen.alignmentProjects.createAndWait(project, { pollIntervalMs: 50 });
    expect(done.status).toBe("READY");
  });

  it("is seeded with the spec's example models (a 2026-07 sandbox, in that generation's fields)", async () => {
    const { nugen } = await start({ generation: "2026-07" });
    expect(await nugen.models.listAligned()).toEqual(
      specExample<{ domain_aligned_models: unknown[] }>("AlignedModels").domain_aligned_models,
    );
  });

  it("answers 404 for an unknown project", async () => {
    const { nugen } = await start();
    const error = await nugen.alignmentProjects.status("alignment_NOPE").catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("404 Alignment project alignment_NOPE not found.");
  });
});

describe("sandbox: requests are checked against the spec", () => {
  it("answers 401 without a bearer key", async () => {
    await start();
    const response = await fetch(`${sandbox?.url}/api/v3/models/aligned`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: "Not authenticated" });
  });

  it("accepts only the configured keys when given some", async () => {
    await start({ apiKeys: ["good-key"] });
    expect((await raw("/api/v3/models/aligned", { headers: { authorization: "Bearer bad-key" } })).status).toBe(401);
    expect((await raw("/api/v3/models/aligned", { headers: { authorization: "Bearer good-key" } })).status).toBe(200);
  });

  it("answers 422 in FastAPI's shape for a bad body", async () => {
    await start();
    const response = await raw("/api/v3/alignment-project/create", {
      method: "POST",
      body: JSON.stringify({ base_model: "m", document_ids: [] }),
    });
    expect(response.status).toBe(422);
    const { detail } = await response.json();
    expect(detail).toEqual(
      expect.arrayContaining([
        { loc: ["body", "name"], msg: "Field required", type: "missing" },
        {
          loc: ["body", "document_ids"],
          msg: "List should have at least 1 item after validation, not 0",
          type: "too_short",
        },
      ]),
    );
    const broken = await raw("/api/v3/alignment-project/create", { method: "POST", body: "{nope" });
    expect(broken.status).toBe(422);
    expect((await broken.json()).detail[0].type).toBe("json_invalid");
  });

  it("answers 404 for an unknown path and 405 for a wrong method", async () => {
    await start();
    expect((await raw("/api/v3/nothing")).status).toBe(404);
    const wrong = await raw("/api/v3/models/aligned", { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(await wrong.json()).toEqual({ detail: "Method Not Allowed" });
  });

  it("allows browsers (CORS), including the fault headers", async () => {
    await start();
    const preflight = await fetch(`${sandbox?.url}/api/v3/models/aligned`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization,x-sandbox-fail-rate",
      },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("x-sandbox-fail-rate");
  });

  it("logs one line per request", async () => {
    const lines: string[] = [];
    await start({ log: (line) => lines.push(line) });
    await raw("/api/v3/models/aligned");
    await raw("/api/v3/alignment-project/status/x");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ GET \/api\/v3\/models\/aligned 200 [\d.]+ms$/);
    expect(lines[1]).toMatch(/ GET \/api\/v3\/alignment-project\/status\/x 404 /);
  });
});

describe("sandbox: persistence", () => {
  it("keeps projects across a restart in a JSON file written atomically", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-"));
    const dataFile = join(dir, "state.json");
    try {
      const first = await start({ dataFile });
      await prepare();
      const created = await first.nugen.alignmentProjects.create(project);
      await first.sandbox.close();
      const saved = JSON.parse(readFileSync(dataFile, "utf8"));
      expect(saved).toMatchObject({
        version: 4,
        projects: [{ id: created.id }],
        documents: [{ filename: "returns-policy.md" }],
      });
      expect(readdirSync(dir).sort()).toEqual(["state.json", "state.json.files"]);

      sandbox = await createSandbox({ log: false, now: () => clock + 10_000, dataFile });
      const again = new Nugen({ apiKey: "k", baseUrl: sandbox.url });
      expect(await again.alignmentProjects.status(created.id)).toMatchObject({ status: "READY" });
      expect((await again.models.listAligned()).some((model) => model.alignment_id === created.id)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps nothing on disk without a data file", async () => {
    await start();
    expect(existsSync(join(process.cwd(), "state.json"))).toBe(false);
  });
});

describe("sandbox: fault injection", () => {
  it("fails every request at fail rate 1 with a 5xx", async () => {
    await start({ failRate: 1 });
    const nugen = new Nugen({ apiKey: "k", baseUrl: sandbox?.url, maxRetries: 0 });
    const error = await nugen.models.listAligned().catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect([500, 502, 503, 504]).toContain(error.status);
  });

  it("takes the fail rate per request from a header", async () => {
    await start();
    expect(
      (await raw("/api/v3/models/aligned", { headers: { "x-sandbox-fail-rate": "1" } })).status,
    ).toBeGreaterThanOrEqual(500);
    expect((await raw("/api/v3/models/aligned")).status).toBe(200);
  });

  it("rate-limits with 429 and Retry-After, which the SDK honours", async () => {
    await start({ rateLimit: 2 });
    expect((await raw("/api/v3/models/aligned")).status).toBe(200);
    expect((await raw("/api/v3/models/aligned")).status).toBe(200);
    const limited = await raw("/api/v3/models/aligned");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after-ms"))).toBeGreaterThan(0);
    const nugen = new Nugen({ apiKey: "k", baseUrl: sandbox?.url, maxRetries: 0 });
    await expect(nugen.models.listAligned()).rejects.toBeInstanceOf(RateLimitError);
    clock += 1_000; // the next window
    await expect(nugen.models.listAligned()).resolves.toBeInstanceOf(Array);
  });

  it("delays answers by the latency asked for in a header", async () => {
    await start();
    const started = performance.now();
    await raw("/api/v3/models/aligned", { headers: { "x-sandbox-latency-ms": "120" } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });
});
