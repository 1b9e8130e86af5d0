/**
 * Which generation of the Nugen API a server speaks (its workflow routes moved in September
 * 2026; inference did not). Pinned by the client's `apiGeneration` option or
 * NUGEN_API_GENERATION, else found out once per client, on the first call whose route
 * depends on it: the server's public OpenAPI document says which paths it has; without one,
 * a probe of a 2026-09 list route tells.
 */
import { apiGenerations } from "../../generated/operations.js";
import {
  APIError,
  AuthenticationError,
  GenerationDetectionError,
  NugenError,
  PermissionDeniedError,
} from "./errors.js";
import type { ApiGeneration } from "./operation-table.js";
import type { Send } from "./transport.js";

export type { ApiGeneration };
export type ApiGenerationSetting = "auto" | ApiGeneration;

/** How the client came to speak its generation. */
export interface GenerationInfo {
  generation: ApiGeneration;
  /** `pinned` (option or environment), `openapi` (the server's /openapi-public.json) or `probe`. */
  source: "pinned" | "openapi" | "probe";
}

// Paths that only one generation has, as the server's own OpenAPI document lists them.
const MARKERS: Record<ApiGeneration, readonly string[]> = {
  "2026-09": ["/api/v3/alignment-projects/create"],
  "2026-07": ["/api/v3/alignment-project/create", "/api/v3/models/deploy-model/{model_id}"],
};
const NEWEST = "2026-09" satisfies ApiGeneration;
const PIN_ADVICE = 'Pin one with `new Nugen({ apiGeneration: "2026-09" })` (or "2026-07"), or NUGEN_API_GENERATION.';

export function checkedGenerationSetting(value: unknown, name: string): ApiGenerationSetting {
  if (value === undefined || value === "") return "auto";
  if (value === "auto" || (apiGenerations as readonly unknown[]).includes(value)) return value as ApiGenerationSetting;
  throw new NugenError(
    `Invalid ${name} ${JSON.stringify(value)}: use "auto", ${apiGenerations.map((g) => `"${g}"`).join(" or ")}.`,
  );
}

export interface GenerationResolver {
  /** The generation, detected on first need; concurrent callers share one detection. */
  resolve(signal?: AbortSignal): Promise<GenerationInfo>;
  /** What is known without asking the server. */
  known(): GenerationInfo | undefined;
}

export function createGenerationResolver(
  setting: ApiGenerationSetting,
  baseUrl: string,
  send: Send,
): GenerationResolver {
  if (setting !== "auto") {
    const pinned: GenerationInfo = { generation: setting, source: "pinned" };
    return { resolve: async () => pinned, known: () => pinned };
  }
  let found: GenerationInfo | undefined;
  let pending: Promise<GenerationInfo> | undefined;
  return {
    known: () => found,
    resolve(signal) {
      if (found) return Promise.resolve(found);
      // A failed detection is not kept: the next call tries again.
      pending ??= detect(baseUrl, send, signal).then(
        (info) => {
          found = info;
          return info;
        },
        (error) => {
          pending = undefined;
          throw error;
        },
      );
      return pending;
    },
  };
}

async function detect(baseUrl: string, send: Send, signal?: AbortSignal): Promise<GenerationInfo> {
  const get = (path: string) =>
    send(
      { method: "GET", url: `${baseUrl}${path}`, headers: { accept: "application/json" } },
      { signal, answer: ["any"] },
    );
  try {
    const answer = await get("/openapi-public.json");
    const fromPaths = answer.kind === "data" ? generationFromDocument(answer.data) : undefined;
    if (fromPaths) return { generation: fromPaths, source: "openapi" };
  } catch (error) {
    if (!(error instanceof APIError)) throw detectionFailed(error);
    // No public document (or not one we can read): the probe decides.
  }
  try {
    await get("/api/v3/alignment-projects/list?limit=1");
    return { generation: "2026-09", source: "probe" };
  } catch (error) {
    if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) throw error;
    if (error instanceof APIError && error.status === 404 && isBareNotFound(error.body))
      return { generation: "2026-07", source: "probe" };
    throw detectionFailed(error);
  }
}

/** The generation an OpenAPI document's paths say; both present means the newer. */
export function generationFromDocument(document: unknown): ApiGeneration | undefined {
  if (document === null || typeof document !== "object") return undefined;
  const { openapi, swagger, paths } = document as { openapi?: unknown; swagger?: unknown; paths?: unknown };
  if ((typeof openapi !== "string" && typeof swagger !== "string") || paths === null || typeof paths !== "object")
    return undefined;
  const has = (generation: ApiGeneration) => MARKERS[generation].some((path) => path in paths);
  if (has(NEWEST)) return NEWEST;
  return has("2026-07") ? "2026-07" : undefined;
}

/** FastAPI's answer for a route that does not exist, exactly: Nugen's own 404s say more. */
function isBareNotFound(body: unknown): boolean {
  if (body === null || typeof body !== "object") return false;
  const keys = Object.keys(body);
  return keys.length === 1 && (body as { detail?: unknown }).detail === "Not Found";
}

function detectionFailed(error: unknown): NugenError {
  if (error instanceof NugenError && error.name === "APIUserAbortError") return error;
  const why = error instanceof Error ? error.message : String(error);
  return new GenerationDetectionError(
    `Could not tell which generation of the Nugen API the server speaks (${why}). ${PIN_ADVICE}`,
    { cause: error },
  );
}
