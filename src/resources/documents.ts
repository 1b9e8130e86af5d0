import { APIPromise } from "../core/api-promise.js";
import { DocumentAlreadyUploadedError, NugenError } from "../core/errors.js";
import { ambiguityAdvice, jobs } from "../core/jobs.js";
import type { RequestOptions } from "../core/options.js";
import { describedJob, pollUntilDone, type WaitOptions } from "../core/poll.js";
import { type CallSettings, UnexpectedAnswer } from "../core/request.js";
import type { ClientContext } from "../core/resource.js";
import { linkedSignal } from "../core/signals.js";
import { guardStreams, type Uploadable } from "../core/uploads.js";
import type { DeletedDocument, DocumentInfo, DocumentList, DocumentUploadStatus, UploadedDocuments } from "../types.js";
import { type AndWaitOptions, idOf, splitAndWait } from "./shared.js";

/** `document_id` beside `id`: 2026-07 lists name it `id`, 2026-09 `document_id`. */
function documentIdOf(document: DocumentInfo): { document_id?: string } {
  const id = idOf(document, ["document_id"]).id;
  return id === undefined ? {} : { document_id: id };
}

const UPLOAD_AMBIGUITY_HINT = ambiguityAdvice("document", "sdk");
/** 2026-09 lists documents a page at a time, at most this many (more is a 422). */
const PAGE_LIMIT = 100;

export interface UploadDocumentsOptions extends Omit<CallSettings, "ambiguityHint"> {
  /** Category of the documents (the live API takes one name; a list is sent as repeated parts). */
  categories?: string | string[];
  /** Names to store the files under, one per file in order (2026-09 only; refused by a 2026-07 server). */
  names?: string | string[];
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
   * Uploads one or more files in one request and resolves to their ids, in order. On 2026-07
   * these are tracking ids: wait on each for the `doc_...` id (see `uploadAndWait`); on
   * 2026-09 they are the documents' final `document_...` ids.
   * Never sent twice once bytes may have reached the server. Content already uploaded is
   * refused with a DocumentAlreadyUploadedError carrying the existing `documentId`.
   */
  upload(files: Uploadable | Uploadable[], options: UploadDocumentsOptions = {}): APIPromise<UploadedDocuments> {
    const { categories, names, ...settings } = options;
    return this.context.request(
      "uploadDocuments",
      // One category or several: repeated parts either way, which both generations read (2026-09's schema wants a list).
      {
        body: {
          files: Array.isArray(files) ? files : [files],
          categories: categories === undefined ? undefined : [categories].flat(),
          ...(names === undefined ? {} : { names }),
        },
      },
      { ...settings, ambiguityHint: UPLOAD_AMBIGUITY_HINT },
      (data) => {
        // The live API answers {document_ids: [...]}; the reference, a bare list.
        const ids = Array.isArray(data) ? data : (data as { document_ids?: unknown }).document_ids;
        if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string"))
          throw new UnexpectedAnswer("`document_ids`, a list of upload ids", true);
        return { ...(Array.isArray(data) ? {} : data), document_ids: ids as string[] };
      },
    );
  }

  /**
   * Processing status of one upload: `{status, document_id}`; `document_id` is set once READY
   * (on 2026-09, where ids are final, it is the id asked about).
   */
  status(uploadId: string, options?: RequestOptions): APIPromise<DocumentUploadStatus> {
    return this.context.request(
      jobs.document.statusOperation,
      { path: { id: uploadId } },
      options,
      (data, { generation }) => {
        const status = data as DocumentUploadStatus;
        return generation === "2026-09" ? { ...status, document_id: status.document_id ?? uploadId } : status;
      },
    );
  }

  /** Polls an upload until it is processed; resolves to its final status, with `document_id`. */
  waitUntilReady(uploadId: string, options: WaitOptions<DocumentUploadStatus> = {}): Promise<DocumentUploadStatus> {
    return pollUntilDone(
      describedJob("document", uploadId, (options) => this.status(uploadId, options).withResponse()),
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
  async uploadAndWait(
    files: Uploadable | Uploadable[],
    options: AndWaitOptions<DocumentUploadStatus> & UploadDocumentsOptions = {},
  ): Promise<ReadyDocument[]> {
    const { wait, request } = splitAndWait(options);
    const list = Array.isArray(files) ? files : [files];
    // The later files' streams open while the first is sent: a missing one must not crash.
    guardStreams(list);
    // Uploads first, one by one, so that an upload id is never left behind unsaid.
    const uploads: ({ uploadId: string } | { existing: string })[] = [];
    for (const [index, file] of list.entries()) {
      try {
        const uploadId = (await this.upload(file, request)).document_ids[0];
        if (!uploadId)
          throw new NugenError("The upload was accepted without an upload id; check `nugen.documents.list()`.");
        uploads.push({ uploadId });
      } catch (error) {
        if (error instanceof DocumentAlreadyUploadedError) {
          uploads.push({ existing: error.documentId });
          continue;
        }
        const done = uploads.flatMap((upload) => ("uploadId" in upload ? [upload.uploadId] : []));
        if (error instanceof Error && done.length > 0)
          error.message += ` (file ${index + 1} of ${list.length}; uploaded before it: ${done.join(", ")})`;
        throw error;
      }
    }
    // Then every wait at once; the first failure stops the others.
    const stop = new AbortController();
    const { signal, release } = linkedSignal(wait.signal, stop.signal);
    try {
      return await Promise.all(
        uploads.map(async (upload): Promise<ReadyDocument> => {
          if ("existing" in upload)
            return { status: "READY", document_id: upload.existing, upload_id: undefined, already_uploaded: true };
          const status = await this.waitUntilReady(upload.uploadId, { ...wait, signal });
          if (typeof status.document_id !== "string" || status.document_id === "") {
            throw new NugenError(`Document upload ${upload.uploadId} ended ${status.status} without a document_id.`);
          }
          // On 2026-09 the id an upload answers is the document's own: there is no tracking id.
          const uploadId = status.document_id === upload.uploadId ? undefined : upload.uploadId;
          return { ...status, document_id: status.document_id, upload_id: uploadId, already_uploaded: false };
        }),
      );
    } finally {
      stop.abort();
      release();
    }
  }

  /**
   * Every document of the account, each with `id` and `document_id` (the same id), and on
   * 2026-07 the categories in use. On 2026-09 every page is read, 100 documents at a time.
   */
  list(options?: RequestOptions): APIPromise<DocumentList> {
    const withIds = (documents: unknown): DocumentInfo[] => {
      if (!Array.isArray(documents)) throw new UnexpectedAnswer("documents to be a list");
      return documents.map(
        (document: DocumentInfo) =>
          ({ ...document, ...idOf(document, ["document_id"]), ...documentIdOf(document) }) as DocumentInfo,
      );
    };
    return new APIPromise(
      (async () => {
        // 2026-07 answers every document at once; 2026-09 a page, until a short one.
        const paged = (await this.context.generation(options?.signal)) === "2026-09";
        const documents: DocumentInfo[] = [];
        for (let offset = 0; ; offset += PAGE_LIMIT) {
          const query = paged ? { limit: PAGE_LIMIT, offset } : undefined;
          const page = await this.context
            .request(
              "listDocuments",
              { query },
              options,
              (data) => ({ ...data, documents: withIds(data.documents) }) as DocumentList,
            )
            .withResponse();
          documents.push(...page.data.documents);
          if (!paged || page.data.documents.length < PAGE_LIMIT) return { ...page, data: { ...page.data, documents } };
        }
      })(),
    );
  }

  /** Deletes a document by its `doc_...` id. */
  delete(documentId: string, options?: RequestOptions): APIPromise<DeletedDocument> {
    return this.context.request("deleteDocument", { path: { id: documentId } }, options);
  }
}
