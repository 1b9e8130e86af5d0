/**
 * Documents: multipart uploads that become processed documents. A 2026-07 upload answers
 * upload ids that resolve to `doc_...` ids; a 2026-09 upload answers final `document_...`
 * ids. Both land in the same table, so either generation's routes see every document.
 */

import type { UploadedFile } from "../bodies.js";
import {
  categoriesOf,
  type DocumentIds,
  documentInfo,
  documentInfo2609,
  documentOf,
  documentStatus,
  documentStatus2609,
  extensionOf,
  ids2607,
  ids2609,
  TEXT_EXTENSIONS,
} from "../lifecycle/documents.js";
import { filesOf, Refusal, type Router, refuse } from "../routing.js";
import type { World } from "../world.js";

const notFound = (id: string) => refuse(404, { message: "Document not found", document_id: id });
const textValues = (value: unknown) => [value ?? []].flat().filter((item): item is string => typeof item === "string");

/** 400 for a file type the live API refuses, else undefined. */
function unsupportedType(uploads: UploadedFile[]): Refusal | undefined {
  const unsupported = uploads.find((file) => !TEXT_EXTENSIONS.includes(extensionOf(file.filename)));
  if (!unsupported) return undefined;
  return refuse(
    400,
    `Unsupported file type: '${unsupported.filename}'. Only text-based files are accepted (${TEXT_EXTENSIONS.map((extension) => `.${extension}`).join(", ")}).`,
  );
}

export function documentRoutes(router: Router, world: World): void {
  const { store, timing } = world;

  /** Keeps the files as documents, uploaded now; `ids` gives each its id and upload id. */
  const keep = (uploads: UploadedFile[], categories: string[], ids: (index: number) => DocumentIds) => {
    const uploadedAt = world.now();
    return uploads.map((file, index) => {
      file.draft.keep();
      const record = documentOf(file, categories, ids(index), uploadedAt, world);
      store.documents.put(record);
      return record;
    });
  };

  router.on("uploadDocuments", ({ body }) => {
    const uploads = filesOf(body, "files");
    if (uploads instanceof Refusal) return uploads;
    const unsupported = unsupportedType(uploads);
    if (unsupported) return unsupported;
    // The 2026-07 API refuses the same content twice.
    const sent = new Map<string, string>();
    for (const file of uploads) {
      const existing = store.documents.find((record) => record.sha256 === file.sha256);
      if (existing)
        return refuse(409, {
          message: `This document has already been uploaded. Existing document: '${existing.filename}'`,
          document_id: existing.id,
        });
      const twin = sent.get(file.sha256);
      if (twin !== undefined)
        return refuse(400, `Files '${twin}' and '${file.filename}' have the same content; send it once.`);
      sent.set(file.sha256, file.filename);
    }
    const records = keep(uploads, textValues(body.categories), () => ids2607(world));
    return { document_ids: records.map((record) => record.uploadId) };
  });

  router.on("uploadDocuments2609", ({ body }) => {
    const uploads = filesOf(body, "files");
    if (uploads instanceof Refusal) return uploads;
    const unsupported = unsupportedType(uploads);
    if (unsupported) return unsupported;
    const names = textValues(body.names);
    if (names.length > uploads.length)
      return refuse(
        400,
        `${names.length} names were sent for ${uploads.length} files: send one name per file, in the order of the files.`,
      );
    // The 2026-09 API refuses a file name uploaded before, naming the document that has it.
    const sent = new Set<string>();
    for (const file of uploads) {
      const existing = store.documents.find((record) => record.filename === file.filename);
      if (existing)
        return refuse(409, {
          document_id: existing.id,
          message: `A document named '${file.filename}' has already been uploaded.`,
        });
      if (sent.has(file.filename)) return refuse(400, `Two files are named '${file.filename}'; send each name once.`);
      sent.add(file.filename);
    }
    const records = keep(uploads, textValues(body.categories), (index) => ids2609(world, names[index]));
    return { document_ids: records.map((record) => record.id) };
  });

  router.on("getDocumentStatus", ({ path }) => {
    const record = world.document(path.id);
    return record ? documentStatus(record, world.now(), timing) : notFound(path.id);
  });

  router.on("getDocumentStatus2609", ({ path }) => {
    const record = world.document(path.id);
    return record ? documentStatus2609(record, world.now(), timing) : notFound(path.id);
  });

  router.on("listDocuments", () => {
    const records = store.documents.all();
    return {
      documents: records.map((record) => documentInfo(record, world.now(), timing)),
      categories: categoriesOf(records),
    };
  });

  router.on("listDocuments2609", ({ query }) => {
    const offset = query.offset ?? 0;
    const page = store.documents.all().slice(offset, offset + (query.limit ?? 10));
    return { documents: page.map((record) => documentInfo2609(record, world.now(), timing)) };
  });

  router.on("deleteDocument", ({ path }) => {
    const record = world.document(path.id);
    if (!record) return notFound(path.id);
    world.deleteDocument(record);
    return { document_id: record.id, message: "Document deleted successfully" };
  });
}
