/**
 * The sandbox's HTTP application: a stateful implementation of openapi.yaml on Hono.
 * Requests are checked with the validators compiled from the spec; answers use the spec's
 * shapes, including FastAPI's 422 and the `detail` errors.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { examples } from "../../generated/examples.js";
import { createAlignmentProjectBody, getAlignmentStatusPath } from "../../generated/validators.js";
import type { CreateAlignmentProjectRequest, DomainAlignedModel } from "../types.js";
import { toFastApiDetail } from "./fastapi-errors.js";
import { type FaultOptions, Faults } from "./faults.js";
import { type Timing, modelAt, statusAt } from "./lifecycle.js";
import { Store } from "./store.js";

export interface SandboxAppOptions extends FaultOptions {
  /** Bearer keys accepted. Default: any non-empty key. */
  apiKeys?: string[];
  /** Persist projects to this JSON file, so a restart loses nothing. Default: memory only. */
  dataFile?: string;
  /** Simulated length of an alignment job in seconds. Default 10. */
  jobSeconds?: number;
  /** Simulated deployment time of a finished model in seconds. Default 3. */
  deploySeconds?: number;
  /** Run the simulated clock this many times faster. Default 1. */
  speed?: number;
  /** One line per request; false for none. Default: console.log. */
  log?: ((line: string) => void) | false;
  /** The clock, for tests and benchmarks. Default Date.now. */
  now?: () => number;
  /** The randomness behind --fail-rate and ids. Default Math.random. */
  random?: () => number;
}

const SANDBOX_CREATOR = "sandbox@example.com";
const CORS_ALLOWED_HEADERS = "Authorization, Content-Type, x-sandbox-latency-ms, x-sandbox-fail-rate, x-sandbox-rate-limit";

/**
 * The request body as text. On Node it is read from the incoming message itself: asking
 * Hono's Node adapter for it builds a whole WHATWG Request first, which costs more than
 * the rest of a create. Elsewhere (tests with app.request), the standard way.
 */
async function bodyText(c: Context): Promise<string> {
  const incoming = (c.env as { incoming?: AsyncIterable<Buffer> } | undefined)?.incoming;
  if (!incoming || typeof incoming[Symbol.asyncIterator] !== "function") return c.req.text();
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

export function createSandboxApp(options: SandboxAppOptions = {}) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const timing: Timing = {
    jobMs: (options.jobSeconds ?? 10) * 1000,
    deployMs: (options.deploySeconds ?? 3) * 1000,
    speed: options.speed ?? 1,
  };
  const store = new Store(options.dataFile);
  const faults = new Faults(options, now, random);
  const seedModels = examples.AlignedModels.domain_aligned_models as unknown as DomainAlignedModel[];
  const log = options.log === false ? undefined : (options.log ?? console.log);
  const newId = (prefix: string) => `${prefix}${Array.from({ length: 16 }, () => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[Math.floor(random() * 32)]).join("")}`;
  // Request ids only need to be unique: a counter is cheaper than random ids on every answer.
  let requestCount = 0;
  const startedAt = now().toString(36);
  const fail = (c: Context, status: number, detail: unknown, headers: Record<string, string> = {}) =>
    c.json({ detail }, status as 400, headers);

  const app = new Hono();

  // CORS for browser clients. hono/cors touches the response before the handler makes it,
  // which makes Hono build every response twice (a third of the sandbox's time); headers
  // set ahead of the handler cost nothing.
  app.use("*", async (c, next) => {
    c.header("Access-Control-Allow-Origin", "*");
    if (c.req.method === "OPTIONS") {
      return c.body(null, 204, {
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS,
        "Access-Control-Max-Age": "600",
      });
    }
    c.header("Access-Control-Expose-Headers", "x-request-id, retry-after, retry-after-ms");
    await next();
  });

  app.use("*", async (c, next) => {
    const started = performance.now();
    // Set before the handler answers: a header added to a finished response makes Hono
    // rebuild it, which costs more than the rest of a request.
    c.header("x-request-id", `req_${startedAt}_${(++requestCount).toString(36)}`);
    await next();
    log?.(`${new Date(now()).toISOString()} ${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
  });

  app.use("/api/*", async (c, next) => {
    const settings = faults.settingsFor(c.req.raw.headers);
    if (settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.latencyMs));
    const fault = faults.faultFor(settings);
    if (fault) return fail(c, fault.status, fault.detail, fault.headers);
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    if (!match) return fail(c, 401, "Not authenticated");
    if (options.apiKeys && !options.apiKeys.includes(match[1] ?? "")) return fail(c, 401, "Invalid API key");
    await next();
  });

  app.get("/api/v3/models/aligned", (c) => {
    const records = store.all();
    const baseUrl = records.length > 0 ? new URL(c.req.url).origin : "";
    const produced = records
      .map((record) => modelAt(record, now(), timing, baseUrl))
      .filter((model): model is DomainAlignedModel => model !== undefined);
    return c.json({ domain_aligned_models: [...seedModels, ...produced] });
  });

  app.post("/api/v3/alignment-project/create", async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await bodyText(c));
    } catch {
      return fail(c, 422, [{ loc: ["body"], msg: "JSON decode error", type: "json_invalid" }]);
    }
    if (!createAlignmentProjectBody(body)) {
      return fail(c, 422, toFastApiDetail(createAlignmentProjectBody.errors ?? [], "body"));
    }
    const id = newId("alignment_");
    store.add({ id, request: body as CreateAlignmentProjectRequest, createdAt: now(), creator: SANDBOX_CREATOR });
    return c.json({ id, alignment_id: id, status: "PROCESSING" });
  });

  app.get("/api/v3/alignment-project/status/:id", (c) => {
    const id = c.req.param("id");
    if (!getAlignmentStatusPath({ id })) return fail(c, 422, toFastApiDetail(getAlignmentStatusPath.errors ?? [], "path"));
    const record = store.get(id);
    if (!record) return fail(c, 404, { message: `Alignment project ${id} not found.`, alignment_id: id });
    return c.json(statusAt(record, now(), timing));
  });

  for (const path of ["/api/v3/models/aligned", "/api/v3/alignment-project/create", "/api/v3/alignment-project/status/:id"]) {
    app.all(path, (c) => fail(c, 405, "Method Not Allowed"));
  }
  app.notFound((c) => fail(c, 404, "Not Found"));
  app.onError((error, c) => {
    log?.(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
    return fail(c, 500, "Internal Server Error");
  });

  return { app, store };
}
