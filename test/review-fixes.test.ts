/**
 * Cases an independent review found, each failing on the code before its fix: slow stream
 * consumers, pages without an offset, a wait's deadline during a hanging read, progress across
 * a retried upload, unreadable 2xx after a create, byte ranges and unnamed Blobs, an abort
 * before iterating, and a CR split from its LF by an empty chunk.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { SSEDecoder } from "../src/core/sse.js";
import { APIUserAbortError, Nugen, toFile, WaitTimeoutError } from "../src/index.js";
import { formDataOf, sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-review-0123456789";
let server: TestServer;
afterEach(() => server?.close());
const dir = mkdtempSync(join(tmpdir(), "nugen-review-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const client = (overrides: ConstructorParameters<typeof Nugen>[0] = {}) =>
  new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 0, logLevel: "off", ...overrides });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const chunk = (content: string | null, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }] })}\n\n`;

describe("streams", () => {
  it("a caller slow to handle each chunk is not a stalled stream: timeoutMs bounds only the waits on the network", async () => {
    server = await startServer(async (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const part of ["a", "b", "c"]) {
        res.write(chunk(part));
        await pause(30);
      }
      res.end(`${chunk(null, "stop")}data: [DONE]\n\n`);
    });
    const stream = await client().chat.completions.create(
      { model: "m", messages: [{ role: "user", content: "Hi" }], stream: true },
      { timeoutMs: 200 },
    );
    let text = "";
    for await (const part of stream) {
      text += part.choices[0]?.delta?.content ?? "";
      await pause(300); // longer than timeoutMs, each time
    }
    expect(text).toBe("abc");
  });

  it("an abort after the whole body arrived but before iterating is an APIUserAbortError", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(`${chunk("a")}${chunk(null, "stop")}data: [DONE]\n\n`);
    });
    const stream = await client().chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    await pause(50);
    stream.controller.abort();
    await expect(stream.finalChatCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("a CR split from its LF by an empty chunk still ends one line", () => {
    const decoder = new SSEDecoder();
    const events: string[] = [];
    const encode = (text: string) => new TextEncoder().encode(text);
    for (const part of ["data: a\r", "", "\ndata: b\r\n\r\n"]) decoder.push(encode(part), (data) => events.push(data));
    expect(events).toEqual(["a\nb"]);
  });
});

describe("pagination", () => {
  it("a server that leaves out `offset` does not make the walk loop", async () => {
    const all = ["e0", "e1", "e2", "e3", "e4"].map((id) => ({ evaluation_id: id }));
    server = await startServer((req, res) => {
      const offset = Number(new URL(req.path, "http://x").searchParams.get("offset") ?? 0);
      sendJson(res, 200, { evaluations: all.slice(offset, offset + 2), total: all.length, limit: 2 });
    });
    const seen: string[] = [];
    for await (const evaluation of client().evaluations.list({ limit: 2 })) seen.push(evaluation.evaluation_id);
    expect(seen).toEqual(["e0", "e1", "e2", "e3", "e4"]);
    expect(server.requests).toHaveLength(3);
  });
});

describe("waits", () => {
  it("the wait's deadline also cuts a status read that hangs (the client's own limit is a minute)", async () => {
    server = await startServer(() => {});
    const error = await client()
      .documents.waitUntilReady("upl_1", { timeoutMs: 300 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.message).toMatch(/after 300 ms before any status could be read/);
  });
});

describe("uploads", () => {
  it("progress starts over when an upload is sent again after a 429", async () => {
    server = await startServer((_req, res, index) =>
      index === 0
        ? sendJson(res, 429, { detail: "slow down" }, { "retry-after-ms": "5" })
        : sendJson(res, 200, { document_ids: ["upl_1"] }),
    );
    const seen: number[] = [];
    await client({ maxRetries: 1 }).documents.upload(await toFile(new Uint8Array(100_000), "a.txt"), {
      onUploadProgress: ({ loaded, total }) => seen.push(loaded / total),
    });
    expect(Math.max(...seen)).toBe(1);
    expect(seen.at(-1)).toBe(1);
  });

  it("an unreadable 2xx after a create says it may have taken effect", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>gateway</html>");
    });
    const error = await client()
      .evaluations.create({ model_id: "m", benchmark_id: "b" })
      .catch((e) => e);
    expect(error.mayHaveTakenEffect).toBe(true);
    expect(error.checkHint).toMatch(/nugen\.evaluations\.list\(\)/);
  });

  it("an fs.ReadStream opened on a byte range sends that range", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { document_ids: ["upl_1"] }));
    const path = join(dir, "range.txt");
    writeFileSync(path, "0123456789");
    await client().documents.upload(createReadStream(path, { start: 2, end: 4 }));
    const [file] = (await formDataOf(server.requests[0]!)).getAll("files") as File[];
    expect(await file!.text()).toBe("234");
  });

  it("a Blob, which has no name, is named from its type so the API can accept it", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { document_ids: ["upl_1"] }));
    await client().documents.upload(new Blob(["# notes"], { type: "text/markdown" }));
    const [file] = (await formDataOf(server.requests[0]!)).getAll("files") as File[];
    expect(file!.name).toBe("upload.md");
  });
});
