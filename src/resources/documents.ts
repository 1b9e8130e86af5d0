import type { APIPromise } from "../core/api-promise.js";
import { DocumentAlreadyUploadedError, NugenError } from "../core/errors.js";
import type { RequestOptions } from "../core/options.js";
import { type WaitOptions, pollUntilDone } from "../core/poll.js";
import { type CallSettings, UnexpectedAnswer } from "../core/request.js";
import type { ClientContext } from "../core/resource.js";
import { type Uploadable, guardStreams } from "../core/uploads.js";
import type { DeletedDocument, DocumentList, DocumentUploadStatus, UploadedDocuments } from "../types.js";
import { type AndWaitOptions, splitAndWait } from "./shared.js";

const UPLOAD_AMBIGUITY_HINT = "The files may have been stored all the same: check `nugen.documents.list()` before uploading them again.";

export interface UploadDocumentsOptions extends Omit<CallSettings, "ambiguityHint"> {
  /** Category of the documents (the live API takes one name; a list is sent as repeated parts). */
  categories?: string | string[];
}

/** A document ready for use: its final status, with the `document_id` alignment projects and benchmarks take. */
export type ReadyDocument = DocumentUploadStatus & {
  document_id: string;
  /** The upload (tracking) id; absent when the content was already uploaded. */
  upload_id: string | undefined;
  /** True when the server already had this content: `document_id` is the existing document. */
  already_uploaded: boolean;
};

export class Documents {
  constructor(private readonly context: ClientContext) {}

  /**
   * Uploads one or more files in one request and resolves to their upload ids, in order.
   * These are tracking ids: wait on each for the `doc_...` id (see `uploadAndWait`).
   * Never sent twice once bytes may have reached the server. Content already uploaded is
   * refused with a DocumentAlreadyUploadedError carrying the existing `documentId`.
   */
  upload(files: Uploadable | Uploadable[], options: UploadDocumentsOptions = {}): APIPromise<UploadedDocuments> {
    const { categories, ...settings } = options;
    return this.context.request(
      "uploadDocuments",
      { body: { files: Array.isArray(files) ? files : [files], categories } },
      { ...settings, ambiguityHint: UPLOAD_AMBIGUITY_HINT },
      (data) => {
        // The live API answers {document_ids: [...]}; the reference, a bare list.
        const ids = Array.isArray(data) ? data : (data as { document_ids?: unknown }).document_ids;
        if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) throw new UnexpectedAnswer("`document_ids`, a list of upload ids", true);
        return { ...(Array.isArray(data) ? {} : data), document_ids: ids as string[] };
      },
    );
  }

  /** Processing status of one upload: `{status, document_id}`; `document_id` is set once READY. */
  status(uploadId: string, options?: RequestOptions): APIPromise<DocumentUploadStatus> {
    return this.context.request("getDocumentStatus", { path: { id: uploadId } }, options);
  }

  /** Polls an upload until it is processed; resolves to its final status, with `document_id`. */
  waitUntilReady(uploadId: string, options: WaitOptions<DocumentUploadStatus> = {}): Promise<DocumentUploadStatus> {
    return pollUntilDone(
      {
        kind: "DocumentStatus",
        label: "document upload",
        id: uploadId,
        read: (options) => this.status(uploadId, options).withResponse(),
        status: (data) => data.status,
        progress: (data) => (typeof data.processing_progress === "number" ? data.processing_progress : undefined),
        reason: (data) => (typeof data.error === "string" ? data.error : undefined),
      },
      options,
      this.context.logger,
    );
  }

  /**
   * Uploads each file (one request per file, so a refusal names its file) and waits until
   * all are processed. Resolves to their final statuses in the order given, each with the
   * `document_id` that alignment projects and benchmarks take. A file whose content is
   * already uploaded counts as done, with the existing document's id.
   */
  async uploadAndWait(files: Uploadable | Uploadable[], options: AndWaitOptions<DocumentUploadStatus> & UploadDocumentsOptions = {}): Promise<ReadyDocument[]> {
    const { wait, request } = splitAndWait(options);
    const list = Array.isArray(files) ? files : [files];
    // The later files' streams open while the first is sent: a missing one must not crash.
    guardStreams(list);
    // Uploads first, one by one, so that an upload id is never left behind unsaid.
    const uploads: ({ uploadId: string } | { existing: string })[] = [];
    for (const [index, file] of list.entries()) {
      try {
        const uploadId = (await this.upload(file, request)).document_ids[0];
        if (!uploadId) throw new NugenError("The upload was accepted without an upload id; check `nugen.documents.list()`.");
        uploads.push({ uploadId });
      } catch (error) {
        if (error instanceof DocumentAlreadyUploadedError) {
          uploads.push({ existing: error.documentId });
          continue;
        }
        const done = uploads.flatMap((upload) => ("uploadId" in upload ? [upload.uploadId] : []));
        if (error instanceof Error && done.length > 0) error.message += ` (file ${index + 1} of ${list.length}; uploaded before it: ${done.join(", ")})`;
        throw error;
      }
    }
    // Then every wait at once; the first failure stops the others.
    const stop = new AbortController();
    const signal = wait.signal ? AbortSignal.any([wait.signal, stop.signal]) : stop.signal;
    try {
      return await Promise.all(
        uploads.map(async (upload): Promise<ReadyDocument> => {
          if ("existing" in upload) return { status: "READY", document_id: upload.existing, upload_id: undefined, already_uploaded: true };
          const status = await this.waitUntilReady(upload.uploadId, { ...wait, signal });
          if (typeof status.document_id !== "string" || status.document_id === "") {
            throw new NugenError(`Document upload ${upload.uploadId} ended ${status.status} without a document_id.`);
          }
          return { ...status, document_id: status.document_id, upload_id: upload.uploadId, already_uploaded: false };
        }),
      );
    } finally {
      stop.abort();
    }
  }

  /** Every document of the account, with the categories in use. */
  list(options?: RequestOptions): APIPromise<DocumentList> {
    return this.context.request("listDocuments", {}, options);
  }

  /** Deletes a document by its `doc_...` id. */
  delete(documentId: string, options?: RequestOptions): APIPromise<DeletedDocument> {
    return this.context.request("deleteDocument", { path: { id: documentId } }, options);
  }
}
