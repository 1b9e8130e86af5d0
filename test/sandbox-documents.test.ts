/** Sandbox documents: uploads, processing, duplicates, exact storage, and size limits enforced without reading the whole body. */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSandboxApp } from "../src/sandbox/app.js";
import { RETURNS_POLICY, startSandbox, type TestSandbox } from "./helpers/sandbox.js";

let t: TestSandbox | undefined;
let dir: string | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tempDataFile(): string {
  dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-documents-"));
  return join(dir, "state.json");
}

interface Streamed {
  status: number;
  body: any;
  /** Bytes of the body the client had handed over when the answer came. */
  sent: number;
}

/**
 * POSTs a body chunk by chunk with node:http, stopping as soon as an answer arrives, so a
 * test can tell whether the server answered before the body was complete.
 */
function streamBody(
  url: string,
  path: string,
  headers: Record<string, string | number>,
  chunks: Iterable<Buffer>,
): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: "POST", headers: { authorization: "Bearer k", ...headers } });
    let sent = 0;
    let answered: (() => void) | undefined;
    const answer = new Promise<void>((done) => (answered = done));
    // The server closes the connection after refusing: later writes fail, as they should.
    req.on("error", () => undefined);
    req.on("close", () => reject(new Error(`the connection closed without an answer after ${sent} bytes`)));
    req.on("response", (res) => {
      answered?.();
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => (text += part));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), sent });
        req.destroy();
      });
    });
    void (async () => {
      let done = false;
      void answer.then(() => (done = true));
      for (const chunk of chunks) {
        if (done) return;
        sent += chunk.length;
        if (!req.write(chunk)) await Promise.race([new Promise((drained) => req.once("drain", drained)), answer]);
        await new Promise((next) => setImmediate(next));
      }
      // The whole body went out (it should not have had to): wait for the answer all the same.
    })();
  });
}

const BOUNDARY = "sandbox-test-boundary";
const partHeader = (name: string, filename: string) =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n`,
  );

function* fileChunks(name: string, filename: string, chunkBytes: number, count: number): Iterable<Buffer> {
  yield partHeader(name, filename);
  for (let index = 0; index < count; index++) yield Buffer.alloc(chunkBytes, 0x61);
  yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
}

describe("sandbox documents: upload, processing, listing", () => {
  it("answers upload ids that resolve to doc_ ids once processed", async () => {
    t = await startSandbox({ documentSeconds: 4 });
    const response = await t.upload(
      [
        { name: "returns-policy.md", content: RETURNS_POLICY },
        { name: "warranty.csv", content: "question,answer\nIs the warranty transferable?,No.\n" },
      ],
      { categories: "support" },
    );
    expect(response.status).toBe(200);
    const { document_ids } = await response.json();
    expect(document_ids).toEqual([expect.stringMatching(/^upl_/), expect.stringMatching(/^upl_/)]);

    expect(await t.json(`/api/v3/documents/${document_ids[0]}`)).toEqual({ status: "PROCESSING", document_id: null });
    t.advance(1_000);
    const listed = await t.json("/api/v3/documents");
    expect(listed.documents[0]).toMatchObject({
      filename: "returns-policy.md",
      type: "md",
      size: Buffer.byteLength(RETURNS_POLICY),
      status: "PROCESSING",
      processing_progress: 25,
      categories: ["support"],
    });
    expect(listed.categories).toEqual([{ name: "support", count: 2 }]);

    t.advance(3_000);
    const ready = await t.json(`/api/v3/documents/${document_ids[0]}`);
    expect(ready).toEqual({ status: "READY", document_id: expect.stringMatching(/^doc_/) });
    // The doc_ id is accepted there too, and is the id the list shows.
    expect(await t.json(`/api/v3/documents/${ready.document_id}`)).toEqual(ready);
    expect((await t.json("/api/v3/documents")).documents[0]).toMatchObject({
      id: ready.document_id,
      status: "READY",
      processing_progress: 100,
    });
  });

  it("takes categories as one string or as repeated parts", async () => {
    t = await startSandbox();
    await t.upload([{ name: "a.txt", content: "first file" }], { categories: ["legal", "support"] });
    await t.upload([{ name: "b.txt", content: "second file" }], { categories: "support" });
    const { documents, categories } = await t.json("/api/v3/documents");
    expect(documents.map((document: any) => document.categories)).toEqual([["legal", "support"], ["support"]]);
    expect(categories).toEqual([
      { name: "legal", count: 1 },
      { name: "support", count: 2 },
    ]);
  });

  it("fails the processing of a file whose name contains [fail]", async () => {
    t = await startSandbox();
    const { document_ids } = await (await t.upload([{ name: "broken [fail].txt", content: "never processed" }])).json();
    t.advance(2_000);
    expect(await t.json(`/api/v3/documents/${document_ids[0]}`)).toEqual({ status: "FAILED", document_id: null });
  });

  it("refuses files that are not text, and stores nothing of the request", async () => {
    t = await startSandbox();
    const response = await t.upload([
      { name: "notes.md", content: "fine" },
      { name: "logo.png", content: new Uint8Array([0x89, 0x50]) },
    ]);
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toMatch(
      /Unsupported file type: 'logo.png'.*\.txt, \.json, \.jsonl, \.md, \.xml, \.csv/,
    );
    expect((await t.json("/api/v3/documents")).documents).toEqual([]);
  });

  it("refuses content already uploaded with 409 and the existing document's id", async () => {
    t = await startSandbox();
    const id = await t.document("returns-policy.md", RETURNS_POLICY);
    const again = await t.upload([{ name: "copy-of-policy.txt", content: RETURNS_POLICY }]);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      detail: {
        message: "This document has already been uploaded. Existing document: 'returns-policy.md'",
        document_id: id,
      },
    });
  });

  it("refuses 422 in FastAPI's shape when no file is sent", async () => {
    t = await startSandbox();
    const response = await t.call("/api/v3/documents", { method: "POST", body: new FormData() });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      detail: [{ loc: ["body", "files"], msg: "Field required", type: "missing" }],
    });
  });

  it("deletes a document and its stored bytes", async () => {
    const dataFile = tempDataFile();
    t = await startSandbox({ dataFile });
    const id = await t.document("returns-policy.md", RETURNS_POLICY);
    const sha256 = createHash("sha256").update(RETURNS_POLICY).digest("hex");
    expect(existsSync(join(`${dataFile}.files`, sha256))).toBe(true);
    expect(await t.json(`/api/v3/documents/${id}`, { method: "DELETE" })).toEqual({
      document_id: id,
      message: "Document deleted successfully",
    });
    expect(existsSync(join(`${dataFile}.files`, sha256))).toBe(false);
    expect((await t.call(`/api/v3/documents/${id}`)).status).toBe(404);
    // The same content can be uploaded again once deleted.
    expect((await t.upload([{ name: "returns-policy.md", content: RETURNS_POLICY }])).status).toBe(200);
  });
});

describe("sandbox documents: bytes and names stored exactly", () => {
  const bytes = new Uint8Array([
    ...Array.from({ length: 256 }, (_, index) => index),
    0xff,
    0xfe,
    0x00,
    0x0d,
    0x0a,
    0x2d,
    0x2d,
  ]);
  const filename = "Données – ünïcode ✓ 東京.txt";

  it("keeps every byte and the UTF-8 file name, on disk beside the data file", async () => {
    const dataFile = tempDataFile();
    t = await startSandbox({ dataFile });
    expect((await t.upload([{ name: filename, content: bytes }])).status).toBe(200);
    const [listed] = (await t.json("/api/v3/documents")).documents;
    expect(listed).toMatchObject({ filename, size: bytes.length, type: "txt" });
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    expect(readdirSync(`${dataFile}.files`)).toEqual([sha256]);
    expect(Buffer.compare(readFileSync(join(`${dataFile}.files`, sha256)), Buffer.from(bytes))).toBe(0);
    // The bytes are not in the JSON state.
    expect(readFileSync(dataFile, "utf8")).not.toContain(Buffer.from(bytes).toString("base64"));
  });

  it("keeps them in memory without a data file, also when the body comes as a web stream (app.request)", async () => {
    const { app, store } = createSandboxApp({ log: false });
    const form = new FormData();
    form.append("files", new Blob([bytes]), filename);
    const response = await app.request("/api/v3/documents", {
      method: "POST",
      body: form,
      headers: { authorization: "Bearer k" },
    });
    expect(response.status).toBe(200);
    const [record] = store.documents.all();
    expect(record).toMatchObject({
      filename,
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    expect(Buffer.compare(store.blobs.read(record?.sha256 ?? "") ?? Buffer.alloc(0), Buffer.from(bytes))).toBe(0);
  });

  it("keeps them in memory without a data file", async () => {
    t = await startSandbox();
    expect((await t.upload([{ name: filename, content: bytes }])).status).toBe(200);
    expect((await t.json("/api/v3/documents")).documents[0]).toMatchObject({ filename, size: bytes.length });
    // Same bytes again: a duplicate, so the hash taken was of exactly these bytes.
    expect((await t.upload([{ name: "again.txt", content: bytes }])).status).toBe(409);
  });
});

describe("sandbox documents: size limits, enforced before the body is read", () => {
  it("answers 413 on a declared length over the limit, having read a sliver of it", async () => {
    const dataFile = tempDataFile();
    t = await startSandbox({ dataFile, maxUploadBytes: 1024 });
    const declared = 50 * 1024 * 1024;
    const answer = await streamBody(
      t.url,
      "/api/v3/documents",
      { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, "content-length": declared },
      fileChunks("files", "big.txt", 16 * 1024, 3200),
    );
    expect(answer.status).toBe(413);
    // Ten files' worth for the whole request.
    expect(answer.body).toEqual({ detail: "Request body too large. The maximum size is 10240 bytes per request." });
    expect(answer.sent).toBeLessThan(declared / 4);
    expect((await t.json("/api/v3/documents")).documents).toEqual([]);
    expect(existsSync(`${dataFile}.files`) ? readdirSync(`${dataFile}.files`) : []).toEqual([]);
  });

  it("answers 413 on a streamed (chunked) file that grows past the limit, and keeps nothing of it", async () => {
    const dataFile = tempDataFile();
    t = await startSandbox({ dataFile, maxUploadBytes: 64 * 1024 });
    const total = 3200 * 16 * 1024;
    const answer = await streamBody(
      t.url,
      "/api/v3/documents",
      { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, "transfer-encoding": "chunked" },
      fileChunks("files", "big.txt", 16 * 1024, 3200),
    );
    expect(answer.status).toBe(413);
    expect(answer.body.detail).toBe("File too large. The maximum size is 65536 bytes per file.");
    expect(answer.sent).toBeLessThan(total / 4);
    expect((await t.json("/api/v3/documents")).documents).toEqual([]);
    // The partial file is removed once its write has stopped.
    await vi.waitFor(() => expect(existsSync(`${dataFile}.files`) ? readdirSync(`${dataFile}.files`) : []).toEqual([]));
  });

  it("answers 413 on an oversized JSON body, declared or streamed, without reading it all", async () => {
    t = await startSandbox({ maxJsonBytes: 4096 });
    const chunks = function* () {
      yield Buffer.from('{"name": "');
      for (let index = 0; index < 3200; index++) yield Buffer.alloc(16 * 1024, 0x61);
      yield Buffer.from('", "base_model": "m", "document_ids": ["d"]}');
    };
    const declared = await streamBody(
      t.url,
      "/api/v3/alignment-project/create",
      { "content-type": "application/json", "content-length": 3200 * 16 * 1024 + 60 },
      chunks(),
    );
    expect(declared.status).toBe(413);
    expect(declared.body).toEqual({ detail: "Request body too large. The maximum size is 4096 bytes." });
    expect(declared.sent).toBeLessThan(1024 * 1024);

    const streamed = await streamBody(
      t.url,
      "/api/v3/alignment-project/create",
      { "content-type": "application/json", "transfer-encoding": "chunked" },
      chunks(),
    );
    expect(streamed.status).toBe(413);
    expect(streamed.sent).toBeLessThan((3200 * 16 * 1024) / 4);
    expect(await t.json("/api/v3/models/aligned")).toMatchObject({ domain_aligned_models: expect.any(Array) });
  });
});

/** Several file parts of `bytes` each, as one multipart body cut into chunks. */
function filesChunks(count: number, bytes: number, chunkBytes = 16 * 1024): Buffer[] {
  const chunks: Buffer[] = [];
  for (let file = 0; file < count; file++) {
    chunks.push(
      Buffer.concat([file === 0 ? Buffer.alloc(0) : Buffer.from("\r\n"), partHeader("files", `part-${file}.txt`)]),
    );
    // Its number first: each file is new content, not a duplicate.
    chunks.push(Buffer.from(`${file}\n`));
    for (let left = bytes; left > 0; left -= chunkBytes) chunks.push(Buffer.alloc(Math.min(chunkBytes, left), 0x61));
  }
  chunks.push(Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
  return chunks;
}

const lengthOf = (chunks: Buffer[]) => chunks.reduce((sum, chunk) => sum + chunk.length, 0);
const multipart = { "content-type": `multipart/form-data; boundary=${BOUNDARY}` };

describe("sandbox documents: each file to the file limit, the whole request to ten files' worth, on the bytes read", () => {
  const FILE = 64 * 1024;

  it("accepts a declared request of several files each under the limit, together over one file's worth", async () => {
    t = await startSandbox({ maxUploadBytes: FILE });
    const body = filesChunks(3, Math.floor(FILE * 0.9));
    const answer = await streamBody(
      t.url,
      "/api/v3/documents",
      { ...multipart, "content-length": lengthOf(body) },
      body,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.document_ids).toHaveLength(3);
  });

  it("refuses a chunked request of files each under the limit once ten files' worth is read, and keeps nothing", async () => {
    const dataFile = tempDataFile();
    t = await startSandbox({ dataFile, maxUploadBytes: FILE });
    const files = 800;
    const answer = await streamBody(
      t.url,
      "/api/v3/documents",
      { ...multipart, "transfer-encoding": "chunked" },
      filesChunks(files, FILE - 1024),
    );
    expect(answer).toMatchObject({
      status: 413,
      body: { detail: `Request body too large. The maximum size is ${10 * FILE} bytes per request.` },
    });
    expect(answer.sent).toBeLessThan((files * FILE) / 4);
    expect((await t.json("/api/v3/documents")).documents).toEqual([]);
    await vi.waitFor(() => expect(existsSync(`${dataFile}.files`) ? readdirSync(`${dataFile}.files`) : []).toEqual([]));
  });

  it("refuses a request declared over the request limit before reading it, and a file over its own limit as it grows", async () => {
    t = await startSandbox({ maxUploadBytes: FILE, maxRequestBytes: 2 * FILE });
    const three = filesChunks(3, Math.floor(FILE * 0.9));
    const declared = await streamBody(
      t.url,
      "/api/v3/documents",
      { ...multipart, "content-length": lengthOf(three) },
      three,
    );
    expect(declared).toMatchObject({
      status: 413,
      body: { detail: `Request body too large. The maximum size is ${2 * FILE} bytes per request.` },
    });
    expect(declared.sent).toBeLessThan(FILE);
    const big = await streamBody(
      t.url,
      "/api/v3/documents",
      { ...multipart, "transfer-encoding": "chunked" },
      fileChunks("files", "big.txt", 1024, 200),
    );
    expect(big).toMatchObject({
      status: 413,
      body: { detail: `File too large. The maximum size is ${FILE} bytes per file.` },
    });
  });

  it("takes the default file limit from the spec's operation table (100 MB), and ten of them for a request", async () => {
    t = await startSandbox();
    const answer = await streamBody(
      t.url,
      "/api/v3/documents",
      { ...multipart, "content-length": 1001 * 1024 * 1024 },
      fileChunks("files", "big.txt", 1024, 1),
    );
    expect(answer).toMatchObject({
      status: 413,
      body: { detail: "Request body too large. The maximum size is 1000 MB per request." },
    });
  });
});

describe("sandbox documents: over a thousand files or fields is refused as FastAPI does, not cut silently", () => {
  const parts = (count: number, part: (index: number) => string) =>
    Buffer.from(
      `${Array.from({ length: count }, (_, index) => `--${BOUNDARY}\r\n${part(index)}\r\n`).join("")}--${BOUNDARY}--\r\n`,
    );
  const file = (index: number) =>
    `Content-Disposition: form-data; name="files"; filename="f${index}.txt"\r\nContent-Type: text/plain\r\n\r\nfile ${index}`;

  it("answers 400 for 1001 files and stores none; 1000 are accepted", async () => {
    t = await startSandbox();
    const tooMany = await t.call("/api/v3/documents", { method: "POST", headers: multipart, body: parts(1001, file) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({ detail: "Too many files. Maximum number of files is 1000." });
    expect((await t.json("/api/v3/documents")).documents).toEqual([]);
    const thousand = await t.call("/api/v3/documents", { method: "POST", headers: multipart, body: parts(1000, file) });
    expect(thousand.status).toBe(200);
    expect((await thousand.json()).document_ids).toHaveLength(1000);
  });

  it("answers 400 for 1001 fields, and for a field over 1 MB", async () => {
    t = await startSandbox();
    const field = (index: number) =>
      index === 0 ? file(0) : `Content-Disposition: form-data; name="categories"\r\n\r\nc${index}`;
    const tooMany = await t.call("/api/v3/documents", { method: "POST", headers: multipart, body: parts(1002, field) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({ detail: "Too many fields. Maximum number of fields is 1000." });
    const long = (index: number) =>
      index === 0 ? file(0) : `Content-Disposition: form-data; name="categories"\r\n\r\n${"c".repeat(1024 * 1024 + 1)}`;
    const tooLong = await t.call("/api/v3/documents", { method: "POST", headers: multipart, body: parts(2, long) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({ detail: "Part exceeded maximum size of 1024KB." });
    expect((await t.json("/api/v3/documents")).documents).toEqual([]);
  });
});

describe("sandbox documents: fault injection reaches the new routes", () => {
  it("fails an upload by header before storing anything, and rate-limits listing", async () => {
    t = await startSandbox();
    const form = new FormData();
    form.append("files", new Blob(["some text"]), "a.txt");
    const failed = await t.call("/api/v3/documents", {
      method: "POST",
      body: form,
      headers: { "x-sandbox-fail-rate": "1" },
    });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect((await t.json("/api/v3/documents")).documents).toEqual([]);
    const limited = await t.call("/api/v3/documents", { headers: { "x-sandbox-rate-limit": "0.5" } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
  });
});

describe("sandbox documents: a text field where a file belongs", () => {
  it("answers FastAPI's 422 for a text part where a file belongs", async () => {
    t = await startSandbox();
    const form = new FormData();
    form.append("files", "not a file, just text");
    const response = await t.call("/api/v3/documents", { method: "POST", body: form });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      detail: [
        {
          loc: ["body", "files", 0],
          msg: "Value error, Expected UploadFile, received: <class 'str'>",
          type: "value_error",
        },
      ],
    });
    expect((await t.json("/api/v3/documents")).documents).toEqual([]);
  });
});
