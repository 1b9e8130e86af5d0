/** Sandbox models: base models, and deploying and undeploying aligned models, only when asked. */
import { afterEach, describe, expect, it } from "vitest";
import { RETURNS_POLICY, startSandbox, type TestSandbox } from "./helpers/sandbox.js";
import { specExample } from "./helpers/spec.js";

let t: TestSandbox;
afterEach(() => t?.close());

/** A READY project and its model id. */
async function readyModel(name: string): Promise<{ projectId: string; modelId: string }> {
  const documentId = await t.document(`${name.trim() || "doc"}.md`, `${RETURNS_POLICY}\n${name}`);
  const created = await t.json("/api/v3/alignment-project/create", {
    method: "POST",
    body: JSON.stringify({ name, base_model: "llama-v3p2-3b-reasoning", document_ids: [documentId] }),
  });
  t.advance(10_000);
  const status = await t.json(`/api/v3/alignment-project/status/${created.alignment_id}`);
  return { projectId: created.alignment_id, modelId: status.data.model_id };
}

const modelPath = (kind: "deploy" | "undeploy", id: string, suffix = "") =>
  `/api/v3/models/${kind}-model/${encodeURIComponent(id)}${suffix}`;
const inList = async (id: string) =>
  (await t.json("/api/v3/models/aligned")).domain_aligned_models.find((model: any) => model.id === id);

describe("sandbox models", () => {
  it("lists the base models, one of which cannot be aligned (2026-07 fields on a 2026-07 sandbox)", async () => {
    t = await startSandbox({ generation: "2026-07" });
    const { models } = await t.json("/api/v3/models/base");
    expect(models.slice(0, 3)).toMatchObject(specExample<{ models: unknown[] }>("BaseModels").models);
    expect(models.map((model: any) => model.id)).toEqual(
      expect.arrayContaining(["nugen-flash-instruct", "llama-v3p2-3b-reasoning"]),
    );
    expect(models.some((model: any) => model.alignment_ready === false)).toBe(true);
  });

  it("deploys a READY project's model only when asked, undeploys it, and refuses what the live API refuses", async () => {
    t = await startSandbox();
    const { projectId, modelId } = await readyModel(" Ak-14-july-My Alignment Project ");
    // As the live API does, a name starting with a space gives an id starting with "-".
    expect(modelId).toMatch(/^-ak-14-july-my-alignment-project-alignment-[0-9a-z]+$/);
    expect(await inList(modelId)).toMatchObject({
      status: "UNDEPLOYED",
      deployment_status: "UNDEPLOYED",
      endpoint: null,
    });
    t.advance(60_000);
    expect(await inList(modelId)).toMatchObject({ status: "UNDEPLOYED" });
    expect((await t.call(modelPath("deploy", modelId, "/status"))).status).toBe(404);

    expect(await t.json(modelPath("deploy", modelId), { method: "POST" })).toEqual({ model_id: modelId });
    expect(await inList(modelId)).toMatchObject({ status: "DEPLOYING", endpoint: null });
    expect(await t.json(modelPath("deploy", modelId, "/status"))).toMatchObject({
      model_id: modelId,
      status: "PENDING",
      result: null,
      end_time: null,
    });
    const deleting = await t.call(`/api/v3/alignment-project/${projectId}`, { method: "DELETE" });
    expect(deleting.status).toBe(400);
    t.advance(3_000);
    expect(await t.json(modelPath("deploy", modelId, "/status"))).toMatchObject({
      status: "COMPLETED",
      result: { status: "DEPLOYED", deployment_status: "DEPLOYED" },
      end_time: expect.any(String),
    });
    expect(await inList(modelId)).toMatchObject({
      status: "DEPLOYED",
      endpoint: `${t.url}/api/v3/inference/completions/${modelId}`,
    });
    expect(await (await t.call(modelPath("deploy", modelId), { method: "POST" })).json()).toEqual({
      detail: "Model is already deployed. Current status: DEPLOYED",
    });

    const refused = await t.call(`/api/v3/alignment-project/${projectId}`, { method: "DELETE" });
    expect(refused.status).toBe(400);
    expect((await refused.json()).detail).toMatch(
      /^Cannot delete an alignment project whose model is deployed .*Undeploy the model first/,
    );

    const undeploy = await t.call(modelPath("undeploy", modelId), { method: "DELETE" });
    expect(undeploy.status).toBe(200);
    expect(undeploy.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await undeploy.text()).toBe(JSON.stringify(modelId));
    expect(await inList(modelId)).toMatchObject({ status: "UNDEPLOYING", endpoint: null });
    const redeploy = await t.call(modelPath("deploy", modelId), { method: "POST" });
    expect(redeploy.status).toBe(400);
    expect(await redeploy.json()).toEqual({ detail: "Model cannot be redeployed. Current status: UNDEPLOYING" });
    // A retried undeploy joins the running task.
    expect(await t.json(modelPath("undeploy", modelId), { method: "DELETE" })).toBe(modelId);
    expect(await t.json(modelPath("undeploy", modelId, "/status"))).toMatchObject({ status: "PENDING", result: null });
    expect((await t.call(`/api/v3/alignment-project/${projectId}`, { method: "DELETE" })).status).toBe(400);

    t.advance(2_000);
    expect(await t.json(modelPath("undeploy", modelId, "/status"))).toMatchObject({
      status: "COMPLETED",
      result: { status: "UNDEPLOYED", message: "Model undeployed successfully" },
    });
    expect(await inList(modelId)).toMatchObject({ status: "UNDEPLOYED", endpoint: null });
    expect((await t.call(modelPath("undeploy", modelId), { method: "DELETE" })).status).toBe(400);

    expect(await t.json(`/api/v3/alignment-project/${projectId}`, { method: "DELETE" })).toEqual({
      alignment_id: projectId,
      message: "Alignment project deleted successfully",
    });
    expect(await inList(modelId)).toBeUndefined();
    expect((await t.call(`/api/v3/alignment-project/${projectId}`)).status).toBe(404);
    expect((await t.call(modelPath("deploy", modelId), { method: "POST" })).status).toBe(404);
  });

  it("routes ids that start with '-', contain '_' or come percent-encoded", async () => {
    t = await startSandbox();
    const { modelId } = await readyModel("-Dash first_and underscore");
    expect(modelId.startsWith("-")).toBe(true);
    // Unencoded and fully percent-encoded paths reach the same model.
    expect(await t.json(`/api/v3/models/deploy-model/${modelId}`, { method: "POST" })).toEqual({ model_id: modelId });
    const encoded = [...modelId]
      .map((char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)
      .join("");
    expect(await t.json(`/api/v3/models/deploy-model/${encoded}/status`)).toMatchObject({
      model_id: modelId,
      status: "PENDING",
    });
    // An unknown id with '_' reaches the route: the answer names the model, not the path.
    const unknown = await t.call("/api/v3/models/deploy-model/-no_such_model/status");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ detail: { message: "Model not found", model_id: "-no_such_model" } });
  });

  it("explains a base model cannot be deployed, and fails a deploy whose model asks to", async () => {
    t = await startSandbox();
    expect(await (await t.call(modelPath("deploy", "nugen-flash-instruct"), { method: "POST" })).json()).toMatchObject({
      detail: { message: expect.stringMatching(/is a base model/) },
    });
    const { modelId } = await readyModel("Flaky [fail-deploy]");
    await t.json(modelPath("deploy", modelId), { method: "POST" });
    t.advance(3_000);
    expect(await t.json(modelPath("deploy", modelId, "/status"))).toMatchObject({
      status: "FAILED",
      result: { error: expect.stringMatching(/^Deployment failed/) },
    });
    expect(await inList(modelId)).toMatchObject({ status: "UNDEPLOYED" });
  });

  it("keeps the seeded example models as the spec has them until they are deployed here (2026-07 sandbox)", async () => {
    t = await startSandbox({ generation: "2026-07" });
    const seeded = specExample<{ domain_aligned_models: any[] }>("AlignedModels").domain_aligned_models;
    expect((await t.json("/api/v3/models/aligned")).domain_aligned_models).toEqual(seeded);
    const undeployed = seeded.find((model) => model.deployment_status === "UNDEPLOYED");
    await t.json(modelPath("deploy", undeployed.id), { method: "POST" });
    t.advance(3_000);
    expect(await inList(undeployed.id)).toMatchObject({
      status: "DEPLOYED",
      endpoint: `${t.url}/api/v3/inference/completions/${undeployed.id}`,
    });
  });

  it("answers CORS preflights for every method and header clients send", async () => {
    t = await startSandbox();
    const preflight = await fetch(`${t.url}/api/v3/models/undeploy-model/x`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "DELETE",
        "access-control-request-headers": "authorization,x-session-id,x-provider",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET, POST, PATCH, DELETE, OPTIONS");
    const allowed = preflight.headers.get("access-control-allow-headers")?.toLowerCase().split(", ");
    expect(allowed).toEqual(
      expect.arrayContaining([
        "authorization",
        "content-type",
        "x-session-id",
        "x-provider",
        "user-agent",
        "x-sandbox-latency-ms",
        "x-sandbox-fail-rate",
        "x-sandbox-rate-limit",
      ]),
    );
    expect(preflight.headers.get("x-request-id")).toMatch(/^req_/);
  });
});
