import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CreateAlignmentProjectRequest } from "../src/index.js";
import { Nugen, RequestValidationError } from "../src/index.js";
import { sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-input-0123456789";
let server: TestServer;
let nugen: Nugen;
beforeEach(async () => {
  server = await startServer((_req, res) => sendJson(res, 200, { id: "p-1", status: "pending" }));
  nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
});
afterEach(() => server.close());

const valid = { name: "Project", base_model: "nugen-flash-instruct", document_ids: ["doc-1"] };

async function refusal(body: unknown) {
  const error = await nugen.alignmentProjects.create(body as CreateAlignmentProjectRequest).catch((e: unknown) => e);
  expect(server.requests, "nothing may be sent").toHaveLength(0);
  expect(error).toBeInstanceOf(RequestValidationError);
  return error as RequestValidationError;
}

describe("bad input is refused before anything is sent, naming the field", () => {
  it.each([
    ["a body that is not an object", "name", "body must be object (got string)"],
    ["an array body", [valid], "body must be object (got array)"],
    ["a null body", null, "body must be object (got null)"],
  ])("%s", async (_what, body, message) => {
    expect((await refusal(body)).message).toBe(`Invalid request: ${message}`);
  });

  it.each([
    // A field missing is named by both generations' names: either may be given.
    ["name missing", { base_model: "m", document_ids: ["d"] }, "body.name (or body.alignment_name)", "is required"],
    ["name empty", { ...valid, name: "" }, "body.name", "must not be empty"],
    ["name not a string", { ...valid, name: 7 }, "body.name", "must be string (got number)"],
    [
      "base_model missing",
      { name: "n", document_ids: ["d"] },
      "body.base_model (or body.base_model_id)",
      "is required",
    ],
    ["base_model empty", { ...valid, base_model: "" }, "body.base_model", "must not be empty"],
    ["document_ids missing", { name: "n", base_model: "m" }, "body.document_ids", "is required"],
    ["document_ids empty", { ...valid, document_ids: [] }, "body.document_ids", "must hold at least 1 item"],
    [
      "document_ids not an array",
      { ...valid, document_ids: "doc-1" },
      "body.document_ids",
      "must be array (got string)",
    ],
    [
      "a document id not a string",
      { ...valid, document_ids: ["doc-1", 2] },
      "body.document_ids[1]",
      "must be string (got number)",
    ],
    ["a document id empty", { ...valid, document_ids: [""] }, "body.document_ids[0]", "must not be empty"],
    ["workflow_id a number", { ...valid, workflow_id: 5 }, "body.workflow_id", "must be string or null (got number)"],
    [
      "benchmark_id an object",
      { ...valid, benchmark_id: {} },
      "body.benchmark_id",
      "must be string or null (got object)",
    ],
    [
      "description a boolean",
      { ...valid, description: true },
      "body.description",
      "must be string or null (got boolean)",
    ],
  ])("%s", async (_what, body, field, message) => {
    const error = await refusal(body);
    expect(error.issues).toEqual([{ field, message }]);
    expect(error.message).toBe(`Invalid request: ${field} ${message}`);
  });

  it("lists every problem at once", async () => {
    const error = await refusal({ name: "", document_ids: [] });
    expect(error.issues.map((issue) => issue.field).sort()).toEqual([
      "body.base_model (or body.base_model_id)",
      "body.document_ids",
      "body.name",
    ]);
  });

  it("accepts nulls for the optional fields and sends them", async () => {
    await nugen.alignmentProjects.create({ ...valid, workflow_id: null, benchmark_id: null, description: null });
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
      ...valid,
      workflow_id: null,
      benchmark_id: null,
      description: null,
    });
  });
});

describe("inference input is refused before sending", () => {
  it.each([
    [
      "an unknown role and a temperature over 2",
      { model: "m", messages: [{ role: "robot", content: "x" }], temperature: 3 },
      'Invalid request: body.messages[0].role must be one of "system", "user", "assistant", "tool"; body.temperature must be <= 2',
    ],
    ["no messages", { model: "m", messages: [] }, "Invalid request: body.messages must hold at least 1 item"],
    [
      "a content part of no known form",
      { model: "m", messages: [{ role: "user", content: [{ type: "video" }] }] },
      "Invalid request: body.messages[0].content does not match any of the allowed forms",
    ],
  ])("chat: %s", async (_what, body, message) => {
    const error = await nugen.chat.completions.create(body as never).catch((e) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toBe(message);
    expect(server.requests).toHaveLength(0);
  });

  it("rerank: model_cross is required for the standard method", async () => {
    const error = await nugen.rerank
      .create({ model: "m", query: "q", documents: ["a"], method: "standard" })
      .catch((e) => e);
    expect(error.message).toBe("Invalid request: body.model_cross is required");
    expect(server.requests).toHaveLength(0);
  });

  it("embeddings: an empty input", async () => {
    const error = await nugen.embeddings.create({ model: "m", input: "" }).catch((e) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(server.requests).toHaveLength(0);
  });
});
