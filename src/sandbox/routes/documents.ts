/** Documents: multipart uploads that become processed `doc_...` documents. */
import { type DocumentRecord, TEXT_EXTENSIONS, categoriesOf, documentInfo, documentStatus, extensionOf } from "../lifecycle/documents.js";
import { Refusal, type Router, filesOf, refuse } from "../routing.js";
import type { World } from "../world.js";

const notFound = (id: string) => refuse(404, { message: "Document not found", document_id: id });

export function documentRoutes(router: Router, world: World): void {
  const { store, timing } = world;

  router.on("uploadDocuments", ({ body }) => {
    const uploads = filesOf(body, "files");
    if (uploads instanceof Refusal) return uploads;
    const categories = [body.categories ?? []].flat().filter((name): name is string => typeof name === "string");
    const unsupported = uploads.find((file) => !TEXT_EXTENSIONS.includes(extensionOf(file.filename)));
    if (unsupported) {
      return refuse(400, `Unsupported file type: '${unsupported.filename}'. Only text-based files are accepted (${TEXT_EXTENSIONS.map((extension) => `.${extension}`).join(", ")}).`);
    }
    const sent = new Map<string, string>();
    for (const file of uploads) {
      const existing = store.documents.find((record) => record.sha256 === file.sha256);
      if (existing) return refuse(409, { message: `This document has already been uploaded. Existing document: '${existing.filename}'`, document_id: existing.id });
      const twin = sent.get(file.sha256);
      if (twin !== undefined) return refuse(400, `Files '${twin}' and '${file.filename}' have the same content; send it once.`);
      sent.set(file.sha256, file.filename);
    }
    const uploadedAt = world.now();
    const ids = uploads.map((file) => {
      file.draft.keep();
      const record: DocumentRecord = {
        id: world.newId("doc_"),
        uploadId: world.newId("upl_"),
        filename: file.filename,
        size: file.size,
        sha256: file.sha256,
        categories,
        uploadedAt,
        uploader: world.creator,
      };
      store.documents.put(record);
      return record.uploadId;
    });
    return { document_ids: ids };
  });

  router.on("getDocumentStatus", ({ path }) => {
    const record = world.document(path.id);
    return record ? documentStatus(record, world.now(), timing) : notFound(path.id);
  });

  router.on("listDocuments", () => {
    const records = store.documents.all();
    return { documents: records.map((record) => documentInfo(record, world.now(), timing)), categories: categoriesOf(records) };
  });

  router.on("deleteDocument", ({ path }) => {
    const record = world.document(path.id);
    if (!record) return notFound(path.id);
    store.documents.delete(record.id);
    if (!world.blobInUse(record.sha256)) store.blobs.delete(record.sha256);
    return { document_id: record.id, message: "Document deleted successfully" };
  });
}
