/**
 * Documents: a 2026-07 upload gets a tracking id (`upl_...`) at once and becomes a processed
 * document (`doc_...`) after `documentMs`, as the live API did; a 2026-09 upload's id
 * (`document_...`) is final from the start. A file whose name contains "[fail]" fails
 * processing.
 *
 *   PROCESSING (progress 0 → 99) → READY | FAILED at `documentMs`
 */
import type { components } from "../../../generated/openapi.js";
import { isoWithoutZone } from "../clock.js";
import type { Creation } from "./creation.js";
import { FAIL_MARKER, shareDone, type Timing } from "./timing.js";

type Schemas = components["schemas"];

export interface DocumentRecord {
  /** The processed document's id: `doc_...`, or the `document_...` id a 2026-09 upload answered. */
  id: string;
  /** The tracking id the upload answered: `upl_...`, or for a 2026-09 upload its `id`. */
  uploadId: string;
  filename: string;
  /** The name given at a 2026-09 upload (`names`); absent: the file name. */
  name?: string;
  size: number;
  sha256: string;
  categories: string[];
  /** Sandbox clock time of the upload, in ms. */
  uploadedAt: number;
  uploader: string;
}

/** A document's ids, and the name it was given at a 2026-09 upload. */
export type DocumentIds = Pick<DocumentRecord, "id" | "uploadId" | "name">;

/** A 2026-07 upload: an upload id now, the document's own id once processed. */
export function ids2607(creation: Creation): DocumentIds {
  return { id: creation.newId("doc_"), uploadId: creation.newId("upl_") };
}

/** A 2026-09 upload: one id from the start, and the name given (if any). */
export function ids2609(creation: Creation, name: string | undefined): DocumentIds {
  const id = creation.newId("document_");
  return { id, uploadId: id, ...(name ? { name } : {}) };
}

/** A document of an uploaded file, uploaded at `uploadedAt`. */
export function documentOf(
  file: { filename: string; size: number; sha256: string },
  categories: string[],
  ids: DocumentIds,
  uploadedAt: number,
  creation: Creation,
): DocumentRecord {
  return {
    ...ids,
    filename: file.filename,
    size: file.size,
    sha256: file.sha256,
    categories,
    uploadedAt,
    uploader: creation.creator,
  };
}

/** The live API takes text-based files only. */
export const TEXT_EXTENSIONS = ["txt", "json", "jsonl", "md", "xml", "csv"];

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : "";
}

export function documentState(
  record: DocumentRecord,
  now: number,
  timing: Timing,
): { status: "PROCESSING" | "READY" | "FAILED"; progress: number } {
  const done = shareDone(record.uploadedAt, timing.documentMs, now, timing);
  if (done < 1) return { status: "PROCESSING", progress: Math.min(99, Math.floor(done * 100)) };
  return record.filename.toLowerCase().includes(FAIL_MARKER)
    ? { status: "FAILED", progress: 100 }
    : { status: "READY", progress: 100 };
}

export function documentStatus(record: DocumentRecord, now: number, timing: Timing): Schemas["DocumentStatusResponse"] {
  const { status } = documentState(record, now, timing);
  return { status, document_id: status === "READY" ? record.id : null };
}

export function documentInfo(record: DocumentRecord, now: number, timing: Timing): Schemas["Document"] {
  const { status, progress } = documentState(record, now, timing);
  return {
    id: record.id,
    filename: record.filename,
    type: extensionOf(record.filename) || null,
    size: record.size,
    upload_date: isoWithoutZone(record.uploadedAt),
    status,
    categories: [...record.categories],
    uploader: record.uploader,
    processing_progress: progress,
  };
}

export function documentStatus2609(
  record: DocumentRecord,
  now: number,
  timing: Timing,
): Schemas["DocumentStatusResponse2609"] {
  const { status, progress } = documentState(record, now, timing);
  return status === "FAILED"
    ? {
        status,
        progress,
        error: `The file could not be processed (sandbox: its name asked to fail with ${FAIL_MARKER}).`,
      }
    : { status, progress };
}

export function documentInfo2609(record: DocumentRecord, now: number, timing: Timing): Schemas["Document2609"] {
  return {
    document_id: record.id,
    document_name: record.name ?? record.filename,
    file_name: record.filename,
    status: documentState(record, now, timing).status,
    categories: [...record.categories],
    size: record.size,
    created_at: isoWithoutZone(record.uploadedAt),
  };
}

export function categoriesOf(records: DocumentRecord[]): Schemas["DocumentCategory"][] {
  const counts = new Map<string, number>();
  for (const record of records) for (const name of record.categories) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count }));
}
