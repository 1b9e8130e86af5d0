/**
 * Files for multipart uploads, as openai-node takes them: a `File` or `Blob`, a Node
 * `fs.ReadStream`, or anything `toFile()` turns into a File (strings, bytes, ArrayBuffers,
 * web or Node streams, Responses). Files read from disk stay on disk: a ReadStream becomes a
 * disk-backed Blob (`fs.openAsBlob`) that fetch streams, so a 100 MB upload is never in memory.
 */
import { FileReadError, type InputIssue, RequestValidationError } from "./errors.js";
import { hasLoneSurrogate } from "./json-body.js";

/** The part of a Node `fs.ReadStream` that tells where its bytes are. */
export interface ReadStreamLike {
  /** A string, or a Buffer for a name that need not be UTF-8. */
  path: string | Uint8Array | { toString(): string };
  bytesRead: number;
  /** The byte range asked of `fs.createReadStream(path, { start, end })` (end inclusive). */
  start?: number;
  end?: number;
  pipe: unknown;
  destroy(): unknown;
  on?(event: "error", listener: (error: unknown) => void): unknown;
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
  if (typeof name !== "string" || name === "")
    throw new RequestValidationError([{ field: "name", message: "must be a non-empty file name" }]);
  // Said here: a File would turn a lone surrogate into U+FFFD, and the upload could not tell.
  const nameIssue = hasLoneSurrogate(name) ? fileNameIssue(name, "name") : undefined;
  if (nameIssue) throw new RequestValidationError([nameIssue]);
  const type = options.type ?? (value instanceof Blob ? value.type : "");
  if (value instanceof Blob) return new File([value], name, { type });
  if (typeof value === "string" || value instanceof ArrayBuffer || ArrayBuffer.isView(value))
    return new File([bytesOf(value)], name, { type });
  if (value instanceof Response)
    return new File([await value.blob()], name, { type: options.type ?? value.headers.get("content-type") ?? "" });
  const parts: BlobPart[] = [];
  if (value instanceof ReadableStream) {
    const reader = value.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) parts.push(bytesOf(read.value));
  } else if (isIterable(value)) {
    for await (const chunk of value as AsyncIterable<Uint8Array | string | ArrayBufferView>) parts.push(bytesOf(chunk));
  } else {
    throw new RequestValidationError([
      { field: "value", message: `cannot be turned into a file (got ${describeValue(value)})` },
    ]);
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
  return (
    candidate.path !== undefined && typeof candidate.pipe === "function" && typeof candidate.bytesRead === "number"
  );
}

function isUploadable(value: unknown): value is Uploadable {
  return value instanceof Blob || isReadStream(value);
}

type FsPath = string | Uint8Array;

/** The part of Node's `fs` an upload uses. */
interface NodeFs {
  openAsBlob?: (path: FsPath, options?: { type?: string }) => Promise<Blob>;
  promises?: {
    stat(path: FsPath): Promise<{ isFile(): boolean; isDirectory(): boolean }>;
    open(path: FsPath, flags: string): Promise<{ close(): Promise<void> }>;
  };
}

/** Node's `fs`, where the runtime has one (Node 20.16+, Bun, Deno); never imported in browsers. */
function nodeFs(): NodeFs | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return process?.getBuiltinModule?.("node:fs") as NodeFs | undefined;
}

const guarded = new WeakSet<object>();

/**
 * A ReadStream opens its file as soon as it is made, and a failure to (ENOENT, EISDIR) is an
 * 'error' event that kills the process if nobody listens. The upload listens from the start,
 * for every stream it was given, and reads the file's state itself (see `readableFile`).
 */
export function guardStreams(values: unknown): void {
  for (const value of Array.isArray(values) ? values : [values]) {
    if (isReadStream(value) && !guarded.has(value)) {
      guarded.add(value);
      value.on?.("error", () => undefined);
    }
  }
}

const READ_FAILURES: Record<string, string> = {
  ENOENT: "does not exist",
  EISDIR: "is a directory",
  EACCES: "cannot be read: permission denied",
  EPERM: "cannot be read: operation not permitted",
  ENOTDIR: "is not there: a part of its path is a file, not a directory",
  ELOOP: "is a loop of symbolic links",
  ENAMETOOLONG: "has a name too long for the system",
  EMFILE: "cannot be opened now: too many files are open",
};

function unreadable(field: string, path: string, error: unknown): FileReadError {
  const code = (error as { code?: unknown })?.code;
  const known = typeof code === "string" ? code : undefined;
  const why =
    known && READ_FAILURES[known]
      ? `${READ_FAILURES[known]} (${known})`
      : `cannot be read (${known ?? (error as Error)?.message ?? String(error)})`;
  return new FileReadError(path, known, `Cannot upload ${field}: ${path} ${why}. Nothing was sent.`, { cause: error });
}

/** Refuses, before anything is sent, a path that is not a regular file this process can read. */
async function readableFile(fs: NodeFs, fsPath: FsPath, path: string, field: string): Promise<void> {
  const files = fs.promises;
  if (!files) return;
  try {
    const stats = await files.stat(fsPath);
    if (stats.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    if (!stats.isFile()) {
      throw new FileReadError(
        path,
        undefined,
        `Cannot upload ${field}: ${path} is not a regular file (a device, a pipe or a socket); pass its content with toFile(), which reads it whole. Nothing was sent.`,
      );
    }
    // Opening it is the one sure test of permission (ACLs, read-only mounts, another user's file).
    await (await files.open(fsPath, "r")).close();
  } catch (error) {
    throw error instanceof FileReadError ? error : unreadable(field, path, error);
  }
}

/** A stream's path as text, or an issue when it is not UTF-8 (its name could not arrive as it is). */
function pathText(value: ReadStreamLike, field: string): string {
  if (typeof value.path === "string") return value.path;
  if (!(value.path instanceof Uint8Array)) return String(value.path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(value.path);
  } catch {
    const shown = new TextDecoder().decode(value.path);
    throw new RequestValidationError([
      {
        field,
        message: `has a path that is not valid UTF-8 (${JSON.stringify(shown)}): its file name would not arrive as it is; rename the file, or name it yourself with new File([await fs.openAsBlob(path)], "report.md")`,
      },
    ]);
  }
}

/**
 * File names that a multipart body changes on the way: fetch writes a quote, CR and LF as
 * %22, %0D and %0A (which the API does not decode back), and a lone surrogate as U+FFFD.
 */
function fileNameIssue(name: string, field: string): InputIssue | undefined {
  const what = hasLoneSurrogate(name)
    ? "is not valid Unicode (it holds a lone surrogate, so it has no UTF-8 form)"
    : /[\r\n]/.test(name)
      ? "holds a line break"
      : name.includes('"')
        ? 'holds a quote (")'
        : /[\u0000-\u001f\u007f]/.test(name)
          ? "holds a control character"
          : undefined;
  if (what === undefined) return undefined;
  return {
    field,
    message: `has the file name ${JSON.stringify(name)}, which ${what}: it would not arrive as it is; rename the file, or give it another name (new File([file], "report.md"))`,
  };
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
  if (value instanceof Blob)
    return new File([value], `upload${EXTENSIONS[value.type.split(";")[0]?.trim() ?? ""] ?? ".txt"}`, {
      type: value.type,
    });
  guardStreams(value);
  const path = pathText(value, field);
  const fsPath = typeof value.path === "string" || value.path instanceof Uint8Array ? value.path : path;
  const name = path.split(/[\\/]/).pop() || "file";
  if (value.bytesRead > 0) {
    throw new RequestValidationError([
      { field, message: `is a stream of ${path} that has already been read from; pass a fresh fs.createReadStream()` },
    ]);
  }
  const fs = nodeFs();
  if (!fs?.openAsBlob) {
    try {
      return await toFile(value as unknown as AsyncIterable<Uint8Array>, name);
    } catch (error) {
      throw unreadable(field, path, error);
    }
  }
  // The stream itself is not read: its file is, lazily, by fetch (the range it was opened with).
  value.destroy();
  await readableFile(fs, fsPath, path, field);
  let whole: Blob;
  try {
    whole = await fs.openAsBlob(fsPath);
  } catch (error) {
    throw unreadable(field, path, error);
  }
  const end = value.end === undefined || value.end === Number.POSITIVE_INFINITY ? undefined : value.end + 1;
  return new File([value.start || end !== undefined ? whole.slice(value.start ?? 0, end) : whole], name);
}

/** Where a file's bytes come from, for messages: its path, or its name. */
function origin(file: File, path: string | undefined): string {
  return path ?? `the file ${JSON.stringify(file.name)}`;
}

function changedWhileSent(
  field: string,
  where: string,
  path: string | undefined,
  why: string,
  cause?: unknown,
): FileReadError {
  return new FileReadError(
    path,
    undefined,
    `Cannot upload ${field}: ${where} could not be read while it was being sent (${why}). Nothing was stored; upload it again once it no longer changes.`,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * The FileReadError behind a failed send, if a file's read failed: fetch wraps it in its own
 * TypeError. The transport answers it as it is: local, nothing stored, not worth a retry.
 */
export function fileReadFailureIn(error: unknown): FileReadError | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof FileReadError) return e;
  }
  return undefined;
}

export interface UploadProgress {
  /** Bytes of file content sent so far, over all files of the request. */
  loaded: number;
  total: number;
}

/**
 * A File as fetch sends it: its bytes counted as they are read (progress), and a failure to
 * read them (a file on disk that changed meanwhile, which Node then refuses to read, or that
 * gave fewer bytes than its size) made a FileReadError, not a broken connection. Node's fetch
 * serialises a FormData by calling each file's stream(), so counting there counts what is sent.
 */
function sendable(
  file: File,
  field: string,
  path: string | undefined,
  onSent?: (sentOfThisFile: number) => void,
): File {
  const source = file;
  return new (class SendableFile extends File {
    override stream() {
      // Read afresh for each attempt (a retry after a 429): the count starts over.
      let sent = 0;
      onSent?.(0);
      const reader = source.stream().getReader();
      return new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            let read: ReadableStreamReadResult<Uint8Array>;
            try {
              read = await reader.read();
            } catch (error) {
              const why =
                (error as Error)?.name === "NotReadableError"
                  ? "it changed on disk: its size or modification time"
                  : String((error as Error)?.message ?? error);
              controller.error(changedWhileSent(field, origin(source, path), path, why, error));
              return;
            }
            if (read.done) {
              if (sent === source.size) controller.close();
              else
                controller.error(
                  changedWhileSent(field, origin(source, path), path, `it gave ${sent} of its ${source.size} bytes`),
                );
              return;
            }
            sent += read.value.byteLength;
            onSent?.(sent);
            controller.enqueue(read.value);
          },
          cancel: (reason) => reader.cancel(reason),
        },
        { highWaterMark: 1 },
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
export async function multipartBody(
  fields: Record<string, unknown>,
  options: MultipartOptions = {},
): Promise<FormData> {
  const entries: [string, string | SendableEntry][] = [];
  const issues: InputIssue[] = [];
  // Before the first await: a stream's failure to open must find a listener.
  for (const value of Object.values(fields)) guardStreams(value);
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const [index, item] of values.entries()) {
      const field = Array.isArray(value) ? `body.${name}[${index}]` : `body.${name}`;
      if (isUploadable(item)) {
        const file = await asFile(item, field);
        if (options.maxFileBytes !== undefined && file.size > options.maxFileBytes) {
          issues.push({
            field,
            message: `is ${file.size} bytes; the API accepts at most ${options.maxFileBytes} bytes per file`,
          });
        }
        const nameIssue = fileNameIssue(file.name, field);
        if (nameIssue) issues.push(nameIssue);
        entries.push([name, { file, field, path: isReadStream(item) ? pathText(item, field) : undefined }]);
      } else if (typeof item === "object") {
        issues.push({
          field,
          message: `must be a File, Blob, fs.ReadStream or the result of toFile() (got ${describeValue(item)})`,
        });
      } else {
        entries.push([name, String(item)]);
      }
    }
  }
  if (issues.length > 0) throw new RequestValidationError(issues);
  const total = entries.reduce((sum, [, value]) => sum + (typeof value === "string" ? 0 : value.file.size), 0);
  const report = options.onUploadProgress;
  const sentByFile: number[] = [];
  const form = new FormData();
  for (const [name, value] of entries) {
    if (typeof value === "string") {
      form.append(name, value);
      continue;
    }
    const index = sentByFile.push(0) - 1;
    const onSent = report
      ? (sent: number) => {
          sentByFile[index] = sent;
          if (sent > 0) report({ loaded: sentByFile.reduce((sum, bytes) => sum + bytes, 0), total });
        }
      : undefined;
    form.append(name, sendable(value.file, value.field, value.path, onSent));
  }
  return form;
}

/** A file part, with what its messages name. */
interface SendableEntry {
  file: File;
  field: string;
  path: string | undefined;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return value.constructor?.name ? `a ${value.constructor.name}` : "an object";
  return typeof value;
}
