/**
 * The sandbox's HTTP application: a stateful implementation of openapi.yaml on Hono.
 * Requests are checked against the spec's request schemas (see routing.ts); answers
 * use the live API's shapes, including FastAPI's 422 and the `detail` errors.
 */

import type { Context } from "hono";
import { Hono } from "hono";
import { examples } from "../../generated/examples.js";
import type { ApiGeneration } from "../../generated/operations.js";
import { accessFor, FOREIGN_HOST, FOREIGN_ORIGIN } from "./access.js";
import { Faults } from "./faults.js";
import { timerSleep } from "./inference/event-stream.js";
import { MODEL_CATALOGUE } from "./inference/models.js";
import type { SeedModel } from "./lifecycle/aligned-models.js";
import type { Timing } from "./lifecycle/timing.js";
import { entryOf, escapedLog, startEntry } from "./request-log.js";
import { agentRoutes } from "./routes/agents.js";
import { alignmentProjectRoutes } from "./routes/alignment-projects.js";
import { answerEngineRoutes } from "./routes/answer-engines.js";
import { apiKeyRoutes } from "./routes/api-keys.js";
import { benchmarkRoutes } from "./routes/benchmarks.js";
import { documentRoutes } from "./routes/documents.js";
import { evaluationRoutes } from "./routes/evaluations.js";
import { inferenceRoutes } from "./routes/inference.js";
import { modelRoutes } from "./routes/models.js";
import { openApiDocumentRoutes } from "./routes/openapi.js";
import { Router } from "./routing.js";
import { type ResolvedSettings, resolveSettings, type SandboxSettings, settingHeaders } from "./settings.js";
import { Store } from "./store.js";
import { EventStreams } from "./streams.js";
import { World } from "./world.js";

/**
 * The timings, limits and faults (documentSeconds, maxUploadBytes, latencyMs, failRate,
 * tokensPerSecond, agentRunQuota, ...) are SANDBOX_SETTINGS in settings.ts, each with its
 * default, `nugen sandbox` flag and per-request header; the rest are these.
 */
export interface SandboxAppOptions extends SandboxSettings {
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
const CORS_ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
const CORS_ALLOWED_HEADERS = [
  "Authorization",
  "Content-Type",
  "X-Session-ID",
  "X-Provider",
  "User-Agent",
  ...settingHeaders,
].join(", ");
const CORS_EXPOSED_HEADERS = "x-request-id, retry-after, retry-after-ms, content-disposition";

function timingOf(settings: ResolvedSettings): Timing {
  return {
    documentMs: settings.documentSeconds * 1000,
    benchmarkMs: settings.benchmarkSeconds * 1000,
    jobMs: settings.jobSeconds * 1000,
    deployMs: settings.deploySeconds * 1000,
    undeployMs: settings.undeploySeconds * 1000,
    evaluationMs: settings.evaluationSeconds * 1000,
    speed: settings.speed,
  };
}

export function createSandboxApp(options: SandboxAppOptions = {}) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const settings = resolveSettings(options);
  const store = new Store(options.dataFile);
  const faults = new Faults(settings, now, random);
  const access = accessFor(options);
  const log = options.log === false ? undefined : escapedLog(options.log ?? console.log);
  const newId = (prefix: string) =>
    `${prefix}${Array.from({ length: 16 }, () => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[Math.floor(random() * 32)]).join("")}`;
  const world = new World(
    store,
    timingOf(settings),
    now,
    newId,
    SANDBOX_CREATOR,
    examples.AlignedModels.domain_aligned_models as unknown as SeedModel[],
    MODEL_CATALOGUE,
  );
  // Request ids only need to be unique: a counter is cheaper than random ids on every answer.
  let requestCount = 0;
  const startedAt = now().toString(36);
  const fail = (c: Context, status: number, detail: unknown, headers: Record<string, string> = {}) =>
    c.json({ detail }, status as 400, headers);

  const app = new Hono();

  app.use("*", async (c, next) => {
    const started = performance.now();
    // Set before the handler answers: a header added to a finished response makes Hono
    // rebuild it, which costs more than the rest of a request.
    const requestId = `req_${startedAt}_${(++requestCount).toString(36)}`;
    c.header("x-request-id", requestId);
    startEntry(c, requestId);
    await next();
    const notes = entryOf(c)
      .notes.map((text) => ` ${text}`)
      .join("");
    log?.(
      `${new Date(now()).toISOString()} ${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms${notes}`,
    );
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
    // A timer waits at most 2**31-1 ms (more fires at once): a header asking for more gets that.
    if (settings.latencyMs > 0)
      await new Promise((resolve) => setTimeout(resolve, Math.min(settings.latencyMs, 2 ** 31 - 1)));
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
    world.keyUsed(match[1] ?? "");
    await next();
  });

  const { maxUploadBytes, maxRequestBytes, maxJsonBytes } = settings;
  const router = new Router(app, store.blobs, { maxUploadBytes, maxRequestBytes, maxJsonBytes }, options.generation);
  openApiDocumentRoutes(router);
  documentRoutes(router, world);
  benchmarkRoutes(router, world);
  alignmentProjectRoutes(router, world);
  modelRoutes(router, world);
  evaluationRoutes(router, world, faults);
  const streams = new EventStreams(faults, options.sleep ?? timerSleep, now, log);
  inferenceRoutes(router, world, streams);
  agentRoutes(router, world, streams, faults);
  answerEngineRoutes(router, world);
  apiKeyRoutes(router, world);
  router.finish();

  app.onError((error, c) => {
    log?.(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
    return fail(c, 500, "Internal Server Error");
  });

  return { app, store, world };
}
