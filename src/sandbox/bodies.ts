/**
 * Request bodies, read with a size limit and never further than needed: a declared length
 * over the limit is refused before a byte is read, and a body that grows past it while
 * streaming (declared or not) stops being read. On Node the body is read from the incoming
 * message itself (Hono's adapter would build a whole WHATWG Request first); elsewhere
 * (app.request in tests), from the standard Request.
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
  /** A file over the file limit, or the request over the request limit. */
  | { tooLarge: "file" | "request" }
  /** Refused as FastAPI (Starlette) refuses it, with its 400 and words: too many parts, a field too long. */
  | { refused: string }
  | { malformed: string };

export interface MultipartLimits {
  /** Largest file, in bytes. */
  maxFileBytes: number;
  /** Largest request, in bytes: its declared length, and the bytes read whether declared or not. */
  maxRequestBytes: number;
}

/** Starlette's limits of a form, which FastAPI answers with 400. */
const MAX_FILES = 1000;
const MAX_FIELDS = 1000;
const MAX_FIELD_BYTES = 1024 * 1024;

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
 * `blobs`. Too large when a file exceeds `maxFileBytes`, or the request `maxRequestBytes`,
 * declared or counted as it is read (a chunked body declares nothing); refused past
 * Starlette's limits of parts. The drafts of a refused body are discarded.
 */
export function readMultipart(c: Context, blobs: Blobs, limits: MultipartLimits): Promise<MultipartBody> {
  const declared = declaredLength(c);
  if (declared !== undefined && declared > limits.maxRequestBytes) return Promise.resolve({ tooLarge: "request" });
  const contentType = c.req.header("content-type") ?? "";
  const stream = bodyStream(c);
  // Not a form at all: FastAPI then finds its fields missing (422).
  if (!/^multipart\/form-data/i.test(contentType) || !stream || declared === 0)
    return Promise.resolve({ fields: {}, files: [] });
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // File names are UTF-8 (busboy's default would read them as Latin-1).
      defParamCharset: "utf8",
      limits: { fileSize: limits.maxFileBytes, fieldSize: MAX_FIELD_BYTES, fields: MAX_FIELDS, files: MAX_FILES },
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
      if (!("files" in result)) {
        stream.unpipe(parser);
        stopReading(c, stream);
        // Ending the parts ends their drafts' writes, so that the drafts can be removed. With
        // an error: a part destroyed between its last byte and its 'end' would otherwise look
        // complete to the draft's pipeline, which then waits for an end that never comes.
        for (const part of parts) part.destroy(new Error("The request was refused."));
        for (const draft of drafts) draft.discard();
      }
      resolve(result);
    };
    parser.on("file", (field, file, info) => {
      // The parser still emits the parts of what it had been given: once refused, none is kept.
      if (settled) return void file.resume();
      const draft = blobs.draft();
      drafts.push(draft);
      parts.push(file);
      const index = files.length;
      files.push(undefined as unknown as UploadedFile);
      file.once("limit", () => settle({ tooLarge: "file" }));
      filling.push(
        draft.fill(file).then(
          ({ sha256, size }) =>
            void (files[index] = {
              field,
              filename: info.filename ?? "",
              mimeType: info.mimeType,
              size,
              sha256,
              draft,
            }),
          (error: unknown) => settle({ malformed: error instanceof Error ? error.message : String(error) }),
        ),
      );
    });
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) return settle({ refused: `Part exceeded maximum size of ${MAX_FIELD_BYTES / 1024}KB.` });
      const previous = fields[name];
      fields[name] = previous === undefined ? value : [previous, value].flat();
    });
    // Past its limits busboy drops parts without a word: the client is told instead.
    parser.once("filesLimit", () => settle({ refused: `Too many files. Maximum number of files is ${MAX_FILES}.` }));
    parser.once("fieldsLimit", () =>
      settle({ refused: `Too many fields. Maximum number of fields is ${MAX_FIELDS}.` }),
    );
    parser.once("close", () => void Promise.all(filling).then(() => settle({ fields, files })));
    parser.once("error", (error: unknown) =>
      settle({ malformed: error instanceof Error ? error.message : String(error) }),
    );
    stream.once("error", (error: unknown) =>
      settle({ malformed: error instanceof Error ? error.message : String(error) }),
    );
    let read = 0;
    stream.on("data", (chunk: Buffer) => {
      read += chunk.length;
      if (read > limits.maxRequestBytes) settle({ tooLarge: "request" });
    });
    stream.pipe(parser);
  });
}
