/**
 * Issue 20, the SDK's part that needs a call from the transport or the request layer (see
 * the report on branch harden-sdk): these pass once src/core/transport.ts answers a
 * FileReadError as it is and prints bodies with printableJson, and src/core/request.ts calls
 * checkedJsonBody on a JSON body.
 */
import { createReadStream, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { APIError, FileReadError, Nugen, type NugenError, RequestValidationError } from "../src/index.js";
import { sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-hardening-wiring-0123";
let server: TestServer | undefined;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nugen-wiring-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("a file that changes on disk while it is being sent", () => {
  it("is a local FileReadError naming the path: nothing was stored (mayHaveTakenEffect false), and it is not sent again", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { document_ids: ["upl_1"] }));
    const path = join(dir, "shrinks.md");
    writeFileSync(path, "x".repeat(16 * 1024 * 1024));
    let truncated = false;
    const error = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 2 }).documents
      .upload(createReadStream(path), {
        // The first bytes are on their way: the file shrinks under the upload.
        onUploadProgress: () => {
          if (truncated) return;
          truncated = true;
          truncateSync(path, 10);
        },
      })
      .catch((e: unknown) => e);
    expect(truncated).toBe(true);
    expect(error).toBeInstanceOf(FileReadError);
    expect((error as FileReadError).path).toBe(path);
    expect((error as Error).message).toMatch(/could not be read while it was being sent \(it changed on disk/);
    expect((error as NugenError).mayHaveTakenEffect).toBe(false);
    expect((error as Error).message).not.toMatch(/may have been stored/);
    expect(server.requests.length).toBeLessThanOrEqual(1);
  });
});

describe("a JSON body that JSON.stringify would throw on, inside an object the plain check does not walk", () => {
  class Reading {
    constructor(readonly value: bigint) {}
  }
  it.each([
    ["a class instance holding a BigInt", { extra: new Reading(5n) }, /body\.extra\.value is a BigInt/],
    [
      "a toJSON() that throws",
      {
        extra: {
          toJSON: () => {
            throw new Error("no JSON today");
          },
        },
      },
      /body\.extra cannot be turned into JSON: its toJSON\(\) threw \(no JSON today\)/,
    ],
  ])("%s is a RequestValidationError, not a raw TypeError", async (_label, extra, why) => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    const error = await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).embeddings
      .create({ model: "m", input: ["a"], ...extra } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toMatch(why);
    expect(server.requests).toHaveLength(0);
  });
});

describe("a 2xx of the wrong shape nested 100,000 deep", () => {
  it("is an APIError saying what was expected, not a RangeError", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"document_ids":${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
    });
    const error = await new Nugen({ apiKey, baseUrl: server.url }).documents
      .upload(new File(["x"], "a.md"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/expected `document_ids`, a list of upload ids/);
  });
});

describe("a JSON body with an optional field left undefined", () => {
  it("is sent without the field, as JSON.stringify leaves it out", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { evaluation_id: "e1", status: "PROCESSING" }));
    await new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).evaluations.create({
      model_id: "m",
      benchmark_id: "b",
      model_id_2: undefined,
    });
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ model_id: "m", benchmark_id: "b" });
  });
});
