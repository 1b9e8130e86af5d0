/**
 * The sandbox never drifts from openapi.yaml: every operation is sent through it, and each
 * answer, success and error, is validated against the spec's response schema for that
 * status by Ajv compiled here from openapi.yaml (not the sandbox's own validators).
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, createSandbox } from "../src/sandbox/index.js";
import { spec } from "./helpers/spec.js";

type Json = Record<string, any>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: "spec", ...spec } as Json);

function responseSpec(path: string, method: string, status: number): Json {
  const responses = spec.paths[path][method].responses;
  let response = responses[String(status)] ?? responses[`${String(status)[0]}XX`];
  if (!response) throw new Error(`openapi.yaml documents no ${status} for ${method.toUpperCase()} ${path}`);
  if (response.$ref) response = spec.components.responses[response.$ref.split("/").pop()];
  return response;
}

function validatorFor(path: string, method: string, status: number) {
  const schema = responseSpec(path, method, status).content["application/json"].schema;
  // Resolve component refs inside the whole spec document registered above.
  const ref = schema.$ref ? `spec${schema.$ref}` : undefined;
  return ref ? ajv.getSchema(ref) ?? ajv.compile({ $ref: ref }) : ajv.compile(schema);
}

interface Case {
  operationId: string;
  path: string;
  method: "get" | "post";
  url: () => string;
  init?: RequestInit;
  expectStatus: number | "5XX";
}

let sandbox: Sandbox;
let clock = Date.parse("2026-11-24T12:00:00Z");
let readyId = "";
let runningId = "";
const auth = { authorization: "Bearer contract-key", "content-type": "application/json" };
const createPath = "/api/v3/alignment-project/create";
const statusPath = "/api/v3/alignment-project/status/{id}";
const modelsPath = "/api/v3/models/aligned";
const validBody = JSON.stringify({ name: "Contract", base_model: "nugen-flash-instruct", document_ids: ["doc-1"], benchmark_id: "b-1" });

beforeAll(async () => {
  sandbox = await createSandbox({ log: false, now: () => clock });
  const create = (body: string) => fetch(`${sandbox.url}${createPath}`, { method: "POST", headers: auth, body }).then((r) => r.json());
  readyId = (await create(validBody)).id;
  clock += 60_000; // the first project is READY and its model DEPLOYED
  runningId = (await create(JSON.stringify({ name: "Running", base_model: "m", document_ids: ["d"] }))).id;
});
afterAll(() => sandbox.close());

const cases: Case[] = [
  { operationId: "listAlignedModels", path: modelsPath, method: "get", url: () => modelsPath, expectStatus: 200 },
  { operationId: "listAlignedModels", path: modelsPath, method: "get", url: () => modelsPath, init: { headers: {} }, expectStatus: 401 },
  { operationId: "listAlignedModels", path: modelsPath, method: "get", url: () => modelsPath, init: { headers: { ...auth, "x-sandbox-rate-limit": "0.5" } }, expectStatus: 429 },
  { operationId: "listAlignedModels", path: modelsPath, method: "get", url: () => modelsPath, init: { headers: { ...auth, "x-sandbox-fail-rate": "1" } }, expectStatus: "5XX" },
  { operationId: "createAlignmentProject", path: createPath, method: "post", url: () => createPath, init: { method: "POST", body: validBody }, expectStatus: 200 },
  { operationId: "createAlignmentProject", path: createPath, method: "post", url: () => createPath, init: { method: "POST", body: "{}" }, expectStatus: 422 },
  { operationId: "createAlignmentProject", path: createPath, method: "post", url: () => createPath, init: { method: "POST", body: "not json" }, expectStatus: 422 },
  { operationId: "createAlignmentProject", path: createPath, method: "post", url: () => createPath, init: { method: "POST", body: validBody, headers: {} }, expectStatus: 401 },
  { operationId: "createAlignmentProject", path: createPath, method: "post", url: () => createPath, init: { method: "POST", body: validBody, headers: { ...auth, "x-sandbox-fail-rate": "1" } }, expectStatus: "5XX" },
  { operationId: "getAlignmentStatus", path: statusPath, method: "get", url: () => `/api/v3/alignment-project/status/${readyId}`, expectStatus: 200 },
  { operationId: "getAlignmentStatus", path: statusPath, method: "get", url: () => `/api/v3/alignment-project/status/${runningId}`, expectStatus: 200 },
  { operationId: "getAlignmentStatus", path: statusPath, method: "get", url: () => "/api/v3/alignment-project/status/alignment_UNKNOWN", expectStatus: 404 },
  { operationId: "getAlignmentStatus", path: statusPath, method: "get", url: () => `/api/v3/alignment-project/status/${readyId}`, init: { headers: {} }, expectStatus: 401 },
  { operationId: "getAlignmentStatus", path: statusPath, method: "get", url: () => `/api/v3/alignment-project/status/${readyId}`, init: { headers: { ...auth, "x-sandbox-fail-rate": "1" } }, expectStatus: "5XX" },
];

describe("contract: the sandbox answers as openapi.yaml says", () => {
  it("covers every operation of the spec", () => {
    const specOperations = Object.values(spec.paths).flatMap((item: any) => Object.values(item).map((operation: any) => operation.operationId));
    expect(new Set(cases.map((c) => c.operationId))).toEqual(new Set(specOperations));
  });

  it("has validators that reject what breaks the spec", () => {
    expect(validatorFor(statusPath, "get", 200)?.({ data: null })).toBe(false);
    expect(validatorFor(modelsPath, "get", 200)?.({ domain_aligned_models: [{ id: 1 }] })).toBe(false);
    expect(validatorFor(createPath, "post", 422)?.({ detail: "a string is not FastAPI's list" })).toBe(false);
  });

  it.each(cases.map((c) => [`${c.operationId} → ${c.expectStatus}${c.init?.body === "not json" ? " (invalid JSON)" : ""}`, c] as const))("%s", async (_name, c) => {
    // A case's own headers replace the default ones: `{}` sends no key at all.
    const response = await fetch(`${sandbox.url}${c.url()}`, { ...c.init, headers: c.init?.headers ?? auth });
    if (c.expectStatus === "5XX") expect(response.status).toBeGreaterThanOrEqual(500);
    else expect(response.status).toBe(c.expectStatus);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json();
    const validate = validatorFor(c.path, c.method, response.status);
    const valid = validate?.(body);
    expect(validate?.errors ?? [], JSON.stringify(body).slice(0, 300)).toEqual([]);
    expect(valid).toBe(true);
  });
});
