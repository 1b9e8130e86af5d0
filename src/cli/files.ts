import { createReadStream, statSync } from "node:fs";
import { UsageError } from "./errors.js";

export interface LocalFile {
  path: string;
  size: number;
  /** A fresh stream for each upload: the SDK sends it from disk, named after the path. */
  open(): ReturnType<typeof createReadStream>;
}

/** A file named on the command line, checked before anything is sent; `what` is the flag or argument that named it. */
export function localFile(path: string, what: string, usage: string): LocalFile {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`${what} ${path} is not a file.`, usage);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${what} ${path} cannot be read (${code === "ENOENT" ? "no such file" : (code ?? String(error))}).`,
      usage,
    );
  }
  return { path, size, open: () => createReadStream(path) };
}
