/**
 * Uploaded bytes, stored by their sha256: in a directory beside the data file when there is
 * one (never inside the JSON), in memory otherwise. An upload is streamed into a draft while
 * it is hashed, so a large file never has to sit in memory, and becomes a blob only when the
 * request is accepted; a refused one leaves nothing behind.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
} from "node:fs";
import { join } from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface Filled {
  sha256: string;
  size: number;
}

/** The bytes of one upload, not yet kept. */
export interface Draft {
  /** Reads the stream to its end, hashing it. */
  fill(stream: Readable): Promise<Filled>;
  /** The whole content (small files only, such as a benchmark file). */
  bytes(): Promise<Buffer>;
  /** Keeps the content as the blob of its hash. */
  keep(): void;
  /** Forgets the content; safe to call at any time, and more than once. */
  discard(): void;
}

export interface Blobs {
  draft(): Draft;
  /** Up to `limit` bytes from the start of a blob: enough to read a document's text. */
  head(sha256: string, limit: number): Buffer | undefined;
  /** The whole blob (tests check that the bytes were stored exactly). */
  read(sha256: string): Buffer | undefined;
  delete(sha256: string): void;
}

function hashing(onDone: (filled: Filled) => void): Transform {
  const hash = createHash("sha256");
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      onDone({ sha256: hash.digest("hex"), size });
      callback();
    },
  });
}

export function memoryBlobs(): Blobs {
  const blobs = new Map<string, Buffer>();
  return {
    draft() {
      let chunks: Buffer[] = [];
      let filled: Filled | undefined;
      return {
        async fill(stream) {
          const collect = hashing((result) => (filled = result));
          collect.on("data", (chunk: Buffer) => chunks.push(chunk));
          await pipeline(stream, collect);
          return filled as Filled;
        },
        async bytes() {
          return Buffer.concat(chunks);
        },
        keep() {
          if (filled && !blobs.has(filled.sha256)) blobs.set(filled.sha256, Buffer.concat(chunks));
          chunks = [];
        },
        discard() {
          chunks = [];
        },
      };
    },
    head: (sha256, limit) => blobs.get(sha256)?.subarray(0, limit),
    read: (sha256) => blobs.get(sha256),
    delete: (sha256) => void blobs.delete(sha256),
  };
}

const DRAFT_PREFIX = ".upload-";

export function diskBlobs(directory: string): Blobs {
  const pathOf = (sha256: string) => join(directory, sha256);
  // Drafts of a run that crashed mid-upload are of no use to anyone.
  if (existsSync(directory)) {
    for (const name of readdirSync(directory))
      if (name.startsWith(DRAFT_PREFIX)) rmSync(join(directory, name), { force: true });
  }
  return {
    draft() {
      const temporary = join(directory, `${DRAFT_PREFIX}${randomBytes(8).toString("hex")}`);
      let filled: Filled | undefined;
      let filling: Promise<unknown> = Promise.resolve();
      // A pipeline that fails early settles before its file is even opened: removing the
      // file then would leave the one opened after. Removal waits for the file's close.
      let written: Promise<unknown> = Promise.resolve();
      let done = false;
      const remove = () => {
        const removeFile = () => rmSync(temporary, { force: true });
        void filling.then(() => written).then(removeFile, removeFile);
      };
      return {
        async fill(stream) {
          mkdirSync(directory, { recursive: true });
          const file = createWriteStream(temporary);
          written = new Promise<void>((closed) => file.once("close", () => closed()));
          filling = pipeline(
            stream,
            hashing((result) => (filled = result)),
            file,
          );
          await filling;
          return filled as Filled;
        },
        async bytes() {
          await filling;
          return readFileSync(temporary);
        },
        keep() {
          if (done || !filled) return;
          done = true;
          if (existsSync(pathOf(filled.sha256))) rmSync(temporary, { force: true });
          else renameSync(temporary, pathOf(filled.sha256));
        },
        discard() {
          if (done) return;
          done = true;
          remove();
        },
      };
    },
    head(sha256, limit) {
      if (!existsSync(pathOf(sha256))) return undefined;
      const buffer = Buffer.alloc(limit);
      const descriptor = openSync(pathOf(sha256), "r");
      try {
        return buffer.subarray(0, readSync(descriptor, buffer, 0, limit, 0));
      } finally {
        closeSync(descriptor);
      }
    },
    read: (sha256) => (existsSync(pathOf(sha256)) ? readFileSync(pathOf(sha256)) : undefined),
    delete: (sha256) => rmSync(pathOf(sha256), { force: true }),
  };
}
