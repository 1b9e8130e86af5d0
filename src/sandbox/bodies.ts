/**
 * Request bodies, read with a size limit and never further than needed: a declared length
 * over the limit is refused before a byte is read, and a body that grows past it while
 * streaming stops being read. On Node the body is read from the incoming message itself
 * (Hono's adapter would build a whole WHATWG Request first); elsewhere (app.request in
 * tests), from the standard Request.
 */
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import busboy from "busboy";
import type { Context } from "hono";
import type { Blobs, Draft } from "./blobs.js";

export const TOO_LARGE = Symbol("too large");

/** A file part of a multipart body, streamed into a draft blob. */
export interface UploadedFile {
  field: string;
  /** The name the client gave, exactly (UTF-8). */
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
  draft: Draft;
}

export type MultipartBody =
  | { fields: Record<string, string | string[]>; files: UploadedFile[] }
  | typeof TOO_LARGE
  | { malformed: string };

function incomingOf(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming && typeof incoming.on === "function" ? incoming : undefined;
}

export function declaredLength(c: Context): number | undefined {
  const header = c.req.header("content-length");
  const length = header === undefined ? Number.NaN : Number(header);
  return Number.isFinite(length) ? length : undefined;
}

/** The body as a Node stream, or undefined when there is none. */
function bodyStream(c: Context): Readable | undefined {
  const incoming = incomingOf(c);
  if (incoming) return incoming;
  const body = c.req.raw.body;
  return body ? Readable.fromWeb(body as import("node:stream/web").ReadableStream) : undefined;
}

/**
 * Stops reading a body that will be refused. Node's message is only paused: the answer must
 * still go out on its socket. Once it has, @hono/node-server discards what the client still
 * sends for at most 500 ms (64 MB), then closes the connection: closing at once, with the
 * client's bytes unread, would make the kernel reset the connection, and the client could
 * lose the answer it had already received.
 */
function stopReading(c: Context, stream: Readable): void {
  stream.pause();
  stream.removeAllListeners("data");
  if (stream !== incomingOf(c)) stream.destroy();
}

/** The whole body, or TOO_LARGE as soon as it is known to exceed `limit` bytes. */
export function readBytes(c: Context, limit: number): Promise<Buffer | typeof TOO_LARGE> {
  const declared = declaredLength(c);
  if (declared !== undefined && declared > limit) return Promise.resolve(TOO_LARGE);
  const stream = bodyStream(c);
  if (!stream) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stopReading(c, stream);
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    });
    stream.once("end", () => resolve(Buffer.concat(chunks)));
    stream.once("error", reject);
  });
}

/**
 * A multipart form: text fields (repeated ones as lists) and files streamed into drafts of
 * `blobs`. TOO_LARGE when a file exceeds `maxFileBytes` or the declared length exceeds
 * `maxRequestBytes`; the drafts of a refused body are discarded.
 */
export function readMultipart(c: Context, blobs: Blobs, limits: { maxFileBytes: number; maxRequestBytes: number }): Promise<MultipartBody> {
  const declared = declaredLength(c);
  if (declared !== undefined && declared > limits.maxRequestBytes) return Promise.resolve(TOO_LARGE);
  const contentType = c.req.header("content-type") ?? "";
  const stream = bodyStream(c);
  // Not a form at all: FastAPI then finds its fields missing (422).
  if (!/^multipart\/form-data/i.test(contentType) || !stream || declared === 0) return Promise.resolve({ fields: {}, files: [] });
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // File names are UTF-8 (busboy's default would read them as Latin-1).
      defParamCharset: "utf8",
      limits: { fileSize: limits.maxFileBytes, fieldSize: 1024 * 1024, fields: 1000, files: 1000 },
    });
  } catch (error) {
    return Promise.resolve({ malformed: error instanceof Error ? error.message : String(error) });
  }
  return new Promise((resolve) => {
    const fields: Record<string, string | string[]> = {};
    const files: UploadedFile[] = [];
    const drafts: Draft[] = [];
    const parts: Readable[] = [];
    const filling: Promise<void>[] = [];
    let settled = false;
    const settle = (result: MultipartBody) => {
      if (settled) return;
      settled = true;
      if (result === TOO_LARGE || "malformed" in result) {
        stream.unpipe(parser);
        stopReading(c, stream);
        // Ending the parts ends their drafts' writes, so that the drafts can be removed.
        for (const part of parts) part.destroy();
        for (const draft of drafts) draft.discard();
      }
      resolve(result);
    };
    parser.on("file", (field, file, info) => {
      const draft = blobs.draft();
      drafts.push(draft);
      parts.push(file);
      const index = files.length;
      files.push(undefined as unknown as UploadedFile);
      file.once("limit", () => settle(TOO_LARGE));
      filling.push(
        draft.fill(file).then(
          ({ sha256, size }) => void (files[index] = { field, filename: info.filename ?? "", mimeType: info.mimeType, size, sha256, draft }),
          (error: unknown) => settle({ malformed: error instanceof Error ? error.message : String(error) }),
        ),
      );
    });
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) return settle(TOO_LARGE);
      const previous = fields[name];
      fields[name] = previous === undefined ? value : [previous, value].flat();
    });
    parser.once("close", () => void Promise.all(filling).then(() => settle({ fields, files })));
    parser.once("error", (error: unknown) => settle({ malformed: error instanceof Error ? error.message : String(error) }));
    stream.once("error", (error: unknown) => settle({ malformed: error instanceof Error ? error.message : String(error) }));
    stream.pipe(parser);
  });
}
