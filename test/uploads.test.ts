/**
 * Multipart uploads: every file form arrives byte for byte with its name, the body is built
 * once in the core, and an upload is never sent twice once bytes may have reached the server.
 */
import { createReadStream, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  DocumentAlreadyUploadedError,
  InternalServerError,
  Nugen,
  RequestValidationError,
  toFile,
} from "../src/index.js";
import { formDataOf, sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-uploads-0123456789";
let server: TestServer;
let dir: string;
afterEach(() => server?.close());
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nugen-uploads-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every byte value, twice, plus invalid UTF-8 sequences: text decoding anywhere would change it. */
const BYTES = new Uint8Array([
  ...Array.from({ length: 512 }, (_, i) => i % 256),
  0xc3,
  0x28,
  0xff,
  0xfe,
  0x0d,
  0x0a,
  0x0d,
]);
// A quote or a line break would not arrive as it is, and is refused (test/hardening-sdk.test.ts).
const NAME = "résumé ✓ (final) [v2] it's.md";

function client(overrides: ConstructorParameters<typeof Nugen>[0] = {}) {
  return new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07", maxRetries: 2, ...overrides });
}

async function receivedFiles(index = 0): Promise<File[]> {
  const request = server.requests[index];
  if (!request) throw new Error("no request received");
  return (await formDataOf(request)).getAll("files") as File[];
}

const okUpload = () => startServer((_req, res) => sendJson(res, 200, { document_ids: ["upl_1", "upl_2"] }));

describe("documents.upload: file forms", () => {
  const forms: [string, () => Promise<unknown> | unknown][] = [
    ["a File", () => new File([BYTES], NAME, { type: "text/markdown" })],
    ["toFile(Uint8Array)", () => toFile(BYTES, NAME)],
    ["toFile(ArrayBuffer)", () => toFile(BYTES.slice().buffer, NAME)],
    ["toFile(Buffer view)", () => toFile(Buffer.from(BYTES), NAME)],
    ["toFile(Blob)", () => toFile(new Blob([BYTES]), NAME)],
    [
      "toFile(ReadableStream split in odd chunks)",
      () => toFile(new Blob([BYTES]).stream().pipeThrough(new TransformStream()), NAME),
    ],
    [
      "toFile(Node Readable)",
      () => toFile(Readable.from([BYTES.slice(0, 7), BYTES.slice(7, 300), BYTES.slice(300)]), NAME),
    ],
    ["toFile(Response)", () => toFile(new Response(BYTES), NAME)],
    [
      "an fs.ReadStream",
      () => {
        const path = join(dir, NAME);
        writeFileSync(path, BYTES);
        return createReadStream(path);
      },
    ],
  ];

  it.each(forms)("%s arrives byte for byte, with its name", async (_label, make) => {
    server = await okUpload();
    const result = await client().documents.upload((await make()) as File);
    expect(result.document_ids).toEqual(["upl_1", "upl_2"]);
    const [file] = await receivedFiles();
    expect(file?.name).toBe(NAME);
    expect(new Uint8Array(await file!.arrayBuffer())).toEqual(BYTES);
  });

  it("a string via toFile keeps its UTF-8 text", async () => {
    server = await okUpload();
    await client().documents.upload(await toFile("Ünïcödé ✓\r\nline 2", "notes.txt", { type: "text/plain" }));
    const [file] = await receivedFiles();
    expect(await file!.text()).toBe("Ünïcödé ✓\r\nline 2");
    expect(file!.type).toBe("text/plain");
  });

  it("sends several files as repeated `files` parts, in order, with the category", async () => {
    server = await okUpload();
    await client().documents.upload([await toFile("one", "a.txt"), await toFile("two", "b.txt")], {
      categories: "support",
    });
    const request = server.requests[0]!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/api/v3/documents");
    expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const form = await formDataOf(request);
    expect((form.getAll("files") as File[]).map((f) => f.name)).toEqual(["a.txt", "b.txt"]);
    expect(form.get("categories")).toBe("support");
  });

  it("accepts the reference's bare list of ids", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, ["upl_9"]));
    await expect(client().documents.upload(await toFile("x", "x.txt"))).resolves.toMatchObject({
      document_ids: ["upl_9"],
    });
  });

  it("reports upload progress up to the total", async () => {
    server = await okUpload();
    const seen: { loaded: number; total: number }[] = [];
    await client().documents.upload(await toFile(new Uint8Array(300_000), "zeros.txt"), {
      onUploadProgress: (p) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toEqual({ loaded: 300_000, total: 300_000 });
  });

  it("refuses what is not a file before sending, naming the field", async () => {
    server = await okUpload();
    const error = await client()
      .documents.upload([await toFile("ok", "ok.txt"), { name: "x" } as never])
      .catch((e) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toMatch(/body\.files\[1\] must be a File, Blob, fs\.ReadStream or the result of toFile\(\)/);
    const empty = await client()
      .documents.upload([])
      .catch((e) => e);
    expect(empty).toBeInstanceOf(RequestValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a file over the documented 100 MB limit before sending (a sparse file: no disk used)", async () => {
    server = await okUpload();
    const path = join(dir, "huge.txt");
    writeFileSync(path, "");
    truncateSync(path, 100 * 1024 * 1024 + 1);
    const error = await client()
      .documents.upload(createReadStream(path))
      .catch((e) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toBe(
      "Invalid request: body.files[0] is 104857601 bytes; the API accepts at most 104857600 bytes per file",
    );
    expect(server.requests).toHaveLength(0);
  });

  it("refuses an fs.ReadStream that has already been read from", async () => {
    server = await okUpload();
    const path = join(dir, "used.txt");
    writeFileSync(path, "used");
    const stream = createReadStream(path);
    for await (const _chunk of stream) break;
    await expect(client().documents.upload(stream)).rejects.toThrow(/already been read from/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("documents.upload: never sent twice once bytes may have arrived", () => {
  it("after a 5xx: one request, an error saying it may have taken effect", async () => {
    server = await startServer((_req, res) => sendJson(res, 503, { detail: "busy" }));
    const error = await client()
      .documents.upload(await toFile(BYTES, "a.bin"))
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.mayHaveTakenEffect).toBe(true);
    expect(error.message).toMatch(/may have been stored all the same: check `nugen\.documents\.list\(\)`/);
    expect(error.checkHint).toBe(
      "The files may have been stored all the same: check `nugen.documents.list()` before uploading them again.",
    );
    expect(server.requests).toHaveLength(1);
  });

  it("after a dropped connection: one request", async () => {
    server = await startServer((_req, res) => {
      res.socket?.destroy();
    });
    const error = await client()
      .documents.upload(await toFile(BYTES, "a.bin"))
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.mayHaveTakenEffect).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("after a 429 (refused before any work), it is sent again with the same bytes", async () => {
    server = await startServer((_req, res, index) =>
      index === 0
        ? sendJson(res, 429, { detail: "slow down" }, { "retry-after-ms": "10" })
        : sendJson(res, 200, { document_ids: ["upl_1"] }),
    );
    await client().documents.upload(await toFile(BYTES, "a.bin"));
    expect(server.requests).toHaveLength(2);
    const [first] = await receivedFiles(0);
    const [second] = await receivedFiles(1);
    expect(new Uint8Array(await second!.arrayBuffer())).toEqual(new Uint8Array(await first!.arrayBuffer()));
  });
});

describe("documents.upload: redirects", () => {
  it("a redirect is not followed (following one would hold an upload in memory) and the error says why", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(307, { location: "/elsewhere" });
      res.end();
    });
    const error = await client()
      .documents.upload(await toFile(BYTES, "a.bin"))
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(
      /\/api\/v3\/documents answered with a redirect, which the SDK does not follow; check baseUrl/,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe("documents.upload: content already uploaded", () => {
  it("is a DocumentAlreadyUploadedError exposing the existing document id", async () => {
    server = await startServer((_req, res) =>
      sendJson(res, 409, {
        detail: {
          message: "This document has already been uploaded. Existing document: 'a.md'",
          document_id: "doc_EXISTING",
        },
      }),
    );
    const error = await client()
      .documents.upload(await toFile("x", "a.md"))
      .catch((e) => e);
    expect(error).toBeInstanceOf(DocumentAlreadyUploadedError);
    expect(error.status).toBe(409);
    expect(error.documentId).toBe("doc_EXISTING");
    expect(error.message).toBe("409 This document has already been uploaded. Existing document: 'a.md'");
    expect(server.requests).toHaveLength(1);
  });
});
