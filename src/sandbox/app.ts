/**
 * The sandbox's HTTP application: a stateful implementation of openapi.yaml on Hono.
 * Requests are checked against the spec's request schemas (see routing.ts); answers
 * use the live API's shapes, including FastAPI's 422 and the `detail` errors.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { examples } from "../../generated/examples.js";
import { type ApiGeneration, operations } from "../../generated/operations.js";
import { FOREIGN_HOST, FOREIGN_ORIGIN, accessFor } from "./access.js";
import { type FaultOptions, Faults } from "./faults.js";
import { timerSleep } from "./inference/event-stream.js";
import type { Timing } from "./lifecycle/timing.js";
import { Router } from "./routing.js";
import { alignmentProjectRoutes } from "./routes/alignment-projects.js";
import { benchmarkRoutes } from "./routes/benchmarks.js";
import { documentRoutes } from "./routes/documents.js";
import { evaluationRoutes } from "./routes/evaluations.js";
import { inferenceRoutes } from "./routes/inference.js";
import { modelRoutes } from "./routes/models.js";
import { openApiDocumentRoutes } from "./routes/openapi.js";
import { entryOf, escapedLog, startEntry } from "./request-log.js";
import { Store } from "./store.js";
import { type SeedBaseModel, type SeedModel, World } from "./world.js";


export interface SandboxAppOptions extends FaultOptions {
  /** Serve one API generation only; the other's routes answer 404 as unknown routes. Default: both, from one state. */
  generation?: ApiGeneration;
  /** Bearer keys accepted. Default: any non-empty key. */
  apiKeys?: string[];
  /** Web pages allowed besides those on loopback (http(s)://localhost, 127.0.0.1, [::1], any port), such as https://app.example.com. Requests from any other origin are refused. */
  corsOrigins?: string[];
  /** Answer whatever Host a request names; createSandbox sets it when listening beyond loopback (behind apiKeys). Default: loopback names only, against DNS rebinding. */
  allowAnyHost?: boolean;
  /** Persist state to this JSON file (uploaded files go to `<dataFile>.files/`), so a restart loses nothing. Default: memory only. */
  dataFile?: string;
  /** Simulated processing time of an uploaded document, in seconds. Default 2. */
  documentSeconds?: number;
  /** Simulated generation time of a benchmark, in seconds. Default 2. */
  benchmarkSeconds?: number;
  /** Simulated length of an alignment job, in seconds. Default 10. */
  jobSeconds?: number;
  /** Simulated length of a deploy task, in seconds. Default 3. */
  deploySeconds?: number;
  /** Simulated length of an undeploy task, in seconds. Default 2. */
  undeploySeconds?: number;
  /** Simulated length of an evaluation, in seconds. Default 3. */
  evaluationSeconds?: number;
  /** Run the simulated clock this many times faster. Default 1. */
  speed?: number;
  /** Largest uploaded file, in bytes. Default: the spec's limit for uploads (100 MB). */
  maxUploadBytes?: number;
  /** Largest multipart request (an upload of several files), in bytes, counted on the bytes read. Default: ten files of `maxUploadBytes`. */
  maxRequestBytes?: number;
  /** Largest JSON body, in bytes. Default 1 MB. */
  maxJsonBytes?: number;
  /** Pace of streamed tokens, per second (header x-sandbox-tokens-per-second for one request); 0 sends them as fast as possible. Default 200. */
  tokensPerSecond?: number;
  /** One line per request, control characters escaped (a request cannot forge lines or drive the terminal); false for none. Default: console.log. */
  log?: ((line: string) => void) | false;
  /** The clock, for tests and benchmarks. Default Date.now. */
  now?: () => number;
  /** The randomness behind --fail-rate and ids. Default Math.random. */
  random?: () => number;
  /** The wait between streamed tokens, for tests. Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
}

const SANDBOX_CREATOR = "sandbox@example.com";
const MB = 1024 * 1024;
const SPEC_UPLOAD_LIMIT = (operations.uploadDocuments as { maxFileBytes?: number }).maxFileBytes;
const CORS_ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
const CORS_ALLOWED_HEADERS = [
  "Authorization",
  "Content-Type",
  "X-Session-ID",
  "X-Provider",
  "User-Agent",
  "x-sandbox-latency-ms",
  "x-sandbox-fail-rate",
  "x-sandbox-rate-limit",
  "x-sandbox-tokens-per-second",
  "x-sandbox-stream-cut-after",
  "x-sandbox-stream-error-after",
  "x-sandbox-stream-stall-after",
  "x-sandbox-evaluation-status-fails",
].join(", ");
const CORS_EXPOSED_HEADERS = "x-request-id, retry-after, retry-after-ms, content-disposition";

function timingOf(options: SandboxAppOptions): Timing {
  const ms = (seconds: number | undefined, fallback: number) => (seconds ?? fallback) * 1000;
  return {
    documentMs: ms(options.documentSeconds, 2),
    benchmarkMs: ms(options.benchmarkSeconds, 2),
    jobMs: ms(options.jobSeconds, 10),
    deployMs: ms(options.deploySeconds, 3),
    undeployMs: ms(options.undeploySeconds, 2),
    evaluationMs: ms(options.evaluationSeconds, 3),
    speed: options.speed ?? 1,
  };
}

export function createSandboxApp(options: SandboxAppOptions = {}) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const store = new Store(options.dataFile);
  const faults = new Faults(options, now, random);
  const access = accessFor(options);
  const log = options.log === false ? undefined : escapedLog(options.log ?? console.log);
  const newId = (prefix: string) => `${prefix}${Array.from({ length: 16 }, () => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[Math.floor(random() * 32)]).join("")}`;
  const world = new World(
    store,
    timingOf(options),
    now,
    newId,
    SANDBOX_CREATOR,
    examples.AlignedModels.domain_aligned_models as unknown as SeedModel[],
    examples.BaseModels.models as unknown as SeedBaseModel[],
  );
  // Request ids only need to be unique: a counter is cheaper than random ids on every answer.
  let requestCount = 0;
  const startedAt = now().toString(36);
  const fail = (c: Context, status: number, detail: unknown, headers: Record<string, string> = {}) => c.json({ detail }, status as 400, headers);

  const app = new Hono();

  app.use("*", async (c, next) => {
    const started = performance.now();
    // Set before the handler answers: a header added to a finished response makes Hono
    // rebuild it, which costs more than the rest of a request.
    const requestId = `req_${startedAt}_${(++requestCount).toString(36)}`;
    c.header("x-request-id", requestId);
    startEntry(c, requestId);
    await next();
    const notes = entryOf(c).notes.map((text) => ` ${text}`).join("");
    log?.(`${new Date(now()).toISOString()} ${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms${notes}`);
  });

  // Who may call (see access.ts), then CORS for the browsers allowed. hono/cors touches the
  // response before the handler makes it, which makes Hono build every response twice (a
  // third of the sandbox's time); headers set ahead of the handler cost nothing.
  app.use("*", async (c, next) => {
    const host = c.req.header("host");
    if (!access.allowedHost(host)) return fail(c, 403, FOREIGN_HOST(host ?? ""));
    const origin = c.req.header("origin");
    if (origin !== undefined) {
      const allowed = access.allowedOrigin(origin);
      if (!allowed) return fail(c, 403, FOREIGN_ORIGIN(origin));
      c.header("Access-Control-Allow-Origin", allowed);
    }
    c.header("Vary", "Origin");
    if (c.req.method === "OPTIONS") {
      return c.body(null, 204, {
        "Access-Control-Allow-Methods": CORS_ALLOWED_METHODS,
        "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS,
        "Access-Control-Max-Age": "600",
      });
    }
    c.header("Access-Control-Expose-Headers", CORS_EXPOSED_HEADERS);
    await next();
  });

  /** Latency, injected failures and the rate limit, before any route answers. */
  const injectedFault = async (c: Context) => {
    const settings = faults.settingsFor(c.req.raw.headers);
    if (settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.latencyMs));
    const fault = faults.faultFor(settings);
    return fault ? fail(c, fault.status, fault.detail, fault.headers) : undefined;
  };
  // Nugen publishes its description without a key.
  app.use("/openapi-public.json", async (c, next) => (await injectedFault(c)) ?? next());

  app.use("/api/*", async (c, next) => {
    // The key first: a request without one is told so, and neither meets a fault nor counts against the rate limit.
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    if (!match) return fail(c, 401, "Not authenticated");
    if (options.apiKeys && !options.apiKeys.includes(match[1] ?? "")) return fail(c, 401, "Invalid API key");
    const fault = await injectedFault(c);
    if (fault) return fault;
    await next();
  });

  const maxUploadBytes = options.maxUploadBytes ?? SPEC_UPLOAD_LIMIT ?? 100 * MB;
  const router = new Router(app, store.blobs, {
    maxUploadBytes,
    maxRequestBytes: options.maxRequestBytes ?? 10 * maxUploadBytes,
    maxJsonBytes: options.maxJsonBytes ?? MB,
  }, options.generation);
  openApiDocumentRoutes(router);
  documentRoutes(router, world);
  benchmarkRoutes(router, world);
  alignmentProjectRoutes(router, world);
  modelRoutes(router, world);
  evaluationRoutes(router, world, faults);
  inferenceRoutes(router, world, { tokensPerSecond: options.tokensPerSecond ?? 200, faults, sleep: options.sleep ?? timerSleep, log });
  router.finish();

  app.onError((error, c) => {
    log?.(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
    return fail(c, 500, "Internal Server Error");
  });

  return { app, store, world };
}
