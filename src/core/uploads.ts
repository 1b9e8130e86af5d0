/**
 * Files for multipart uploads, as openai-node takes them: a `File` or `Blob`, a Node
 * `fs.ReadStream`, or anything `toFile()` turns into a File (strings, bytes, ArrayBuffers,
 * web or Node streams, Responses). Files read from disk stay on disk: a ReadStream becomes a
 * disk-backed Blob (`fs.openAsBlob`) that fetch streams, so a 100 MB upload is never in memory.
 */
import { type InputIssue, RequestValidationError } from "./errors.js";

/** The part of a Node `fs.ReadStream` that tells where its bytes are. */
export interface ReadStreamLike {
  path: string | { toString(): string };
  bytesRead: number;
  /** The byte range asked of `fs.createReadStream(path, { start, end })` (end inclusive). */
  start?: number;
  end?: number;
  pipe: unknown;
  destroy(): unknown;
  [Symbol.asyncIterator](): AsyncIterator<unknown>;
}

/** What an upload accepts as a file. */
export type Uploadable = File | Blob | ReadStreamLike;

/** What `toFile` accepts. */
export type ToFileInput =
  | string
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | Response
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string | ArrayBufferView>
  | Iterable<Uint8Array | string | ArrayBufferView>;

export interface ToFileOptions {
  /** MIME type, such as `text/markdown`. Default: the Blob's own, else none. */
  type?: string;
}

/**
 * A `File` from bytes, text or a stream, named `name`. Streams are read to the end here
 * (a File needs its size); for large files on disk pass an `fs.ReadStream` instead.
 */
export async function toFile(value: ToFileInput | File, name: string, options: ToFileOptions = {}): Promise<File> {
  if (typeof name !== "string" || name === "") throw new RequestValidationError([{ field: "name", message: "must be a non-empty file name" }]);
  const type = options.type ?? (value instanceof Blob ? value.type : "");
  if (value instanceof Blob) return new File([value], name, { type });
  if (typeof value === "string" || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return new File([bytesOf(value)], name, { type });
  if (value instanceof Response) return new File([await value.blob()], name, { type: options.type ?? value.headers.get("content-type") ?? "" });
  const parts: BlobPart[] = [];
  if (value instanceof ReadableStream) {
    const reader = value.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) parts.push(bytesOf(read.value));
  } else if (isIterable(value)) {
    for await (const chunk of value as AsyncIterable<Uint8Array | string | ArrayBufferView>) parts.push(bytesOf(chunk));
  } else {
    throw new RequestValidationError([{ field: "value", message: `cannot be turned into a file (got ${describeValue(value)})` }]);
  }
  return new File(parts, name, { type });
}

function bytesOf(chunk: string | ArrayBuffer | ArrayBufferView): BlobPart {
  if (typeof chunk === "string" || chunk instanceof ArrayBuffer) return chunk;
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) as BlobPart;
}

function isIterable(value: unknown): boolean {
  return value !== null && typeof value === "object" && (Symbol.asyncIterator in value || Symbol.iterator in value);
}

function isReadStream(value: unknown): value is ReadStreamLike {
  if (value === null || typeof value !== "object") return false;
  const candidate = value as Partial<ReadStreamLike>;
  return candidate.path !== undefined && typeof candidate.pipe === "function" && typeof candidate.bytesRead === "number";
}

function isUploadable(value: unknown): value is Uploadable {
  return value instanceof Blob || isReadStream(value);
}

/** Node's `fs`, where the runtime has one (Node 20.16+, Bun, Deno); never imported in browsers. */
function nodeFs(): { openAsBlob?: (path: string, options?: { type?: string }) => Promise<Blob> } | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return process?.getBuiltinModule?.("node:fs") as ReturnType<typeof nodeFs>;
}

const EXTENSIONS: Record<string, string> = {
  "text/plain": ".txt",
  "text/markdown": ".md",
  "application/json": ".json",
  "application/jsonl": ".jsonl",
  "application/x-ndjson": ".jsonl",
  "text/csv": ".csv",
  "application/xml": ".xml",
  "text/xml": ".xml",
};

/** A File for any Uploadable; a ReadStream's file is opened as a disk-backed Blob. */
async function asFile(value: Uploadable, field: string): Promise<File> {
  if (value instanceof File) return value;
  // A Blob has no name, and the API accepts files by their extension: take it from the type.
  if (value instanceof Blob) return new File([value], `upload${EXTENSIONS[value.type.split(";")[0]?.trim() ?? ""] ?? ".txt"}`, { type: value.type });
  const path = String(value.path);
  const name = path.split(/[\\/]/).pop() || "file";
  const openAsBlob = nodeFs()?.openAsBlob;
  if (value.bytesRead > 0) {
    throw new RequestValidationError([{ field, message: `is a stream of ${path} that has already been read from; pass a fresh fs.createReadStream()` }]);
  }
  if (!openAsBlob) return toFile(value as unknown as AsyncIterable<Uint8Array>, name);
  // The stream itself is not read: its file is, lazily, by fetch (the range it was opened with).
  value.destroy();
  try {
    const whole = await openAsBlob(path);
    const end = value.end === undefined || value.end === Number.POSITIVE_INFINITY ? undefined : value.end + 1;
    return new File([value.start || end !== undefined ? whole.slice(value.start ?? 0, end) : whole], name);
  } catch (error) {
    throw new RequestValidationError([{ field, message: `cannot be read: ${(error as Error).message}` }]);
  }
}

export interface UploadProgress {
  /** Bytes of file content sent so far, over all files of the request. */
  loaded: number;
  total: number;
}

/**
 * A File whose bytes report their progress as fetch reads them. Node's fetch serialises a
 * FormData by calling each file's stream(), so counting there counts what is sent.
 */
function counted(file: File, onSent: (sentOfThisFile: number) => void): File {
  const source = file;
  return new (class CountedFile extends File {
    override stream() {
      // Read afresh for each attempt (a retry after a 429): the count starts over.
      let sent = 0;
      onSent(0);
      return source.stream().pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            onSent((sent += chunk.byteLength));
            controller.enqueue(chunk);
          },
        }),
      ) as ReturnType<File["stream"]>;
    }
  })([file], file.name, { type: file.type, lastModified: file.lastModified });
}

export interface MultipartOptions {
  onUploadProgress?: (progress: UploadProgress) => void;
  /** Largest file the operation accepts, in bytes (from the spec's `x-max-file-bytes`). */
  maxFileBytes?: number;
}

/**
 * The one place multipart bodies are built. Each field becomes one part; a list becomes the
 * same part repeated (as the API wants for `files`); a file becomes a file part with its
 * name. Files are checked first, so a bad one is refused before anything is sent.
 */
export async function multipartBody(fields: Record<string, unknown>, options: MultipartOptions = {}): Promise<FormData> {
  const entries: [string, string | File][] = [];
  const issues: InputIssue[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const [index, item] of values.entries()) {
      const field = Array.isArray(value) ? `body.${name}[${index}]` : `body.${name}`;
      if (isUploadable(item)) {
        const file = await asFile(item, field);
        if (options.maxFileBytes !== undefined && file.size > options.maxFileBytes) {
          issues.push({ field, message: `is ${file.size} bytes; the API accepts at most ${options.maxFileBytes} bytes per file` });
        }
        entries.push([name, file]);
      } else if (typeof item === "object") {
        issues.push({ field, message: `must be a File, Blob, fs.ReadStream or the result of toFile() (got ${describeValue(item)})` });
      } else {
        entries.push([name, String(item)]);
      }
    }
  }
  if (issues.length > 0) throw new RequestValidationError(issues);
  const total = entries.reduce((sum, [, value]) => sum + (typeof value === "string" ? 0 : value.size), 0);
  const report = options.onUploadProgress;
  const sentByFile: number[] = [];
  const form = new FormData();
  for (const [name, value] of entries) {
    if (typeof value === "string" || !report) {
      form.append(name, value);
      continue;
    }
    const index = sentByFile.push(0) - 1;
    form.append(
      name,
      counted(value, (sent) => {
        sentByFile[index] = sent;
        if (sent > 0) report({ loaded: sentByFile.reduce((sum, bytes) => sum + bytes, 0), total });
      }),
    );
  }
  return form;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return value.constructor?.name ? `a ${value.constructor.name}` : "an object";
  return typeof value;
}
