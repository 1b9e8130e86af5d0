import { afterEach, describe, expect, it } from "vitest";
import type { CreateAlignmentProjectRequest } from "../src/index.js";
import { Nugen } from "../src/index.js";
import { sendJson, startServer, type TestServer } from "./helpers/server.js";
import { specExample } from "./helpers/spec.js";

const apiKey = "nk-test-projects-0123456789";
let server: TestServer;
afterEach(() => server?.close());

describe("alignmentProjects.create", () => {
  it("POSTs the body as JSON to /api/v3/alignment-project/create with the bearer key", async () => {
    const body = specExample<CreateAlignmentProjectRequest>("CreateAlignmentProjectFull");
    server = await startServer((_req, res) => sendJson(res, 200, specExample("CreatedProjectReference")));
    const created = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).alignmentProjects.create(
      body,
    );
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/api/v3/alignment-project/create");
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual(body);
    expect(created).toEqual({ id: "alignment-project-123", status: "pending" });
  });

  it("fills id from alignment_id, the live API's name for it, and keeps both", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, specExample("CreatedProjectLive")));
    const created = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).alignmentProjects.create(
      specExample("CreateAlignmentProjectMinimal"),
    );
    expect(created.id).toBe("alignment_01KXG82FJJ98NQ0");
    expect(created.alignment_id).toBe("alignment_01KXG82FJJ98NQ0");
    expect(created.status).toBe("PROCESSING");
  });

  it("defaults status to pending, as the spec says, and passes extra fields through", async () => {
    server = await startServer((_req, res) =>
      sendJson(res, 200, { id: "p-1", queued_at: "2026-07-14 12:01:50.482143" }),
    );
    const created = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).alignmentProjects.create(
      specExample("CreateAlignmentProjectMinimal"),
    );
    expect(created).toEqual({ id: "p-1", status: "pending", queued_at: "2026-07-14 12:01:50.482143" });
  });

  it("fails, saying the project may exist, when the answer carries no id", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { status: "PROCESSING" }));
    const error = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).alignmentProjects
      .create(specExample("CreateAlignmentProjectMinimal"))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "APIError", status: 200, mayHaveTakenEffect: true });
    expect(String(error)).toMatch(/expected an id \(`id` or `alignment_id`\).*may have been created/);
  });
});
