import { basename } from "node:path";
import type { Command } from "commander";
import { ambiguityAdvice, jobs } from "../../core/jobs.js";
import {
  APIUserAbortError,
  DocumentAlreadyUploadedError,
  type DocumentInfo,
  type DocumentUploadStatus,
  type Nugen,
} from "../../index.js";
import { onRun } from "../action.js";
import { callApi } from "../api-call.js";
import { clientFor } from "../client.js";
import { jsonFlag, type WaitFlags, waitFlags } from "../common-flags.js";
import { Interrupted } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { type LocalFile, localFile } from "../files.js";
import { follow, type JobKind, reportFailure, reportWaitEnd } from "../follow.js";
import { formatBytes, formatDate, renderFields } from "../format.js";
import { colorsFor, type IO, widthOf, writeJson, writeLine } from "../io.js";
import { createProgressDisplay, type ProgressDisplay } from "../progress.js";
import { errorJson } from "../report-error.js";
import { type Column, renderTable, statusColor } from "../table.js";

/** Files this large get a byte progress bar on a terminal; smaller ones are sent before it would show. */
const LARGE_FILE_BYTES = 1_000_000;

const UPLOAD_TERMS = {
  flags: { files: "FILE", categories: "--category" },
  ifItMayHaveTakenEffect: ambiguityAdvice("document", "cli"),
};

export function documentJob(nugen: Nugen): JobKind<DocumentUploadStatus> {
  return {
    job: "document",
    wait: (id, options) => nugen.documents.waitUntilReady(id, options),
    resume: (id) => `nugen documents status ${id}`,
  };
}

/** One file's fate, as `--json` prints it. */
interface FileResult {
  file: string;
  upload_id: string | null;
  document_id: string | null;
  status: string | null;
  already_uploaded: boolean;
  error?: Record<string, unknown>;
}

interface UploadFlags extends WaitFlags {
  category?: string;
}

export function registerDocuments(program: Command, io: IO): void {
  const documents = program
    .command("documents")
    .description("Documents to align models on and to build benchmarks from");

  const upload = documents
    .command("upload")
    .description(
      "Upload text files (.txt .md .json .jsonl .csv .xml, 100 MB at most each); print their ids (on a 2026-07 server, upload ids), or with --wait their document ids",
    )
    .argument("<file...>", "files to upload")
    .option("--category <name>", "category of the documents");
  waitFlags(upload, "the documents are processed, and print their document ids");
  jsonFlag(upload).addHelpText(
    "after",
    '\nExamples:\n  $ nugen documents upload handbook.md faq.md --category support --wait\n  $ DOC=$(nugen documents upload handbook.md --wait) && nugen benchmarks create --document "$DOC" --questions 20',
  );
  onRun(upload, async (paths: string[], options: UploadFlags, command: Command) => {
    const files = paths.map((path) => localFile(path, "FILE", command.helpInformation()));
    return new Upload(io, command, clientFor(command, io), options).run(files);
  });

  const status = documents
    .command("status")
    .description("Show an upload's processing status and, once processed, its document id")
    .argument("<id>", "the id `nugen documents upload` printed (an upload id on a 2026-07 server)")
    .addHelpText("after", "\nExample:\n  $ nugen documents status 8f14e45f-ceea-467f-a9f0-5a1b2c3d4e5f");
  onRun(
    jsonFlag(status, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).documents.status(id));
      if (options.json) return writeJson(io, answer);
      const colors = colorsFor(io.stdout, io.env);
      return writeLine(
        io.stdout,
        renderFields(
          [
            ["upload", id],
            ["status", statusColor(colors, "DocumentStatus", answer.status)(answer.status)],
            ["progress", progressOf(answer) === undefined ? undefined : `${progressOf(answer)}%`],
            ["document", answer.document_id],
            ["error", errorOf(answer) ? colors.red(errorOf(answer) ?? "") : undefined],
          ],
          colors,
        ),
      );
    },
  );

  const list = documents
    .command("list")
    .description("List your documents")
    .addHelpText(
      "after",
      "\nExamples:\n  $ nugen documents list\n  $ nugen documents list --json | jq -r '.documents[].id'",
    );
  onRun(
    jsonFlag(list, "print the API's answer unchanged, as JSON"),
    async (options: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).documents.list());
      if (options.json) return writeJson(io, answer);
      const rows = answer.documents ?? [];
      if (rows.length === 0)
        return writeLine(io.stdout, "No documents yet. Upload some with `nugen documents upload FILE`.");
      const colors = colorsFor(io.stdout, io.env);
      const columns: Column<DocumentInfo>[] = [
        { header: "ID", value: (d) => d.id, keep: true },
        // 2026-07 says `filename`, 2026-09 `document_name`.
        { header: "FILE", value: (d) => d.filename ?? d.document_name ?? "-" },
        { header: "SIZE", value: (d) => formatBytes(d.size) },
        {
          header: "STATUS",
          value: (d) => d.status ?? "-",
          color: (text, d) => statusColor(colors, "DocumentStatus", d.status)(text),
        },
        { header: "CATEGORIES", value: (d) => d.categories?.join(", ") || "-" },
        { header: "UPLOADED", value: (d) => formatDate(d.upload_date ?? d.created_at) },
      ];
      return writeLine(io.stdout, renderTable(rows, columns, colors, widthOf(io.stdout)));
    },
  );

  const remove = documents
    .command("delete")
    .description("Delete a document")
    .argument("<id>", "document id (doc_...)")
    .addHelpText("after", "\nExample:\n  $ nugen documents delete doc_8f14e45fceea");
  onRun(
    jsonFlag(remove, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).documents.delete(id));
      return options.json ? writeJson(io, answer) : writeLine(io.stdout, `Deleted document ${id}.`);
    },
  );
}

/**
 * One `documents upload`: each file in its own request (so a refusal names its file), ids
 * said as soon as they are known, then each upload followed to its document id. A file
 * whose content is already there counts as done, with the existing document's id. On 2026-07
 * an upload answers upload ids, which become `doc_...` ids once processed; on 2026-09 the
 * ids it answers are the documents' own, final from the start.
 */
class Upload {
  private readonly results: FileResult[] = [];
  /** The id each file's processing is followed by, until it is followed. */
  private readonly unfollowed = new Map<FileResult, string>();
  private readonly stop = new AbortController();
  private exitCode: number = EXIT.ok;

  constructor(
    private readonly io: IO,
    private readonly command: Command,
    private readonly nugen: Nugen,
    private readonly options: UploadFlags,
  ) {}

  async run(files: LocalFile[]): Promise<number> {
    const onInterrupt = () => this.stop.abort();
    process.once("SIGINT", onInterrupt);
    try {
      const uploaded = await this.uploadAll(files);
      if (uploaded && this.options.wait) await this.waitAll();
      else if (uploaded && !this.options.json && this.results.some((result) => result.upload_id)) {
        writeLine(
          this.io.stderr,
          "These are upload ids: `nugen documents status ID` gives each document id once processed (or upload with --wait).",
        );
      } else if (uploaded && !this.options.json && this.unfollowed.size > 0) {
        writeLine(
          this.io.stderr,
          "They are being processed: `nugen documents status ID` says when each is READY to use (or upload with --wait).",
        );
      }
    } finally {
      process.off("SIGINT", onInterrupt);
    }
    if (this.options.json) writeJson(this.io, this.results);
    return this.exitCode;
  }

  /** Resolves to false when an upload failed (the files after it are not sent). */
  private async uploadAll(files: LocalFile[]): Promise<boolean> {
    for (const [index, file] of files.entries()) {
      const result: FileResult = {
        file: file.path,
        upload_id: null,
        document_id: null,
        status: null,
        already_uploaded: false,
      };
      this.results.push(result);
      const display = this.byteProgress(file);
      const sent = await callApi(this.command, UPLOAD_TERMS, () =>
        this.nugen.documents.upload(file.open(), {
          // A list of one is one text part, as a plain string is: both generations take it.
          categories: this.options.category === undefined ? undefined : [this.options.category],
          signal: this.stop.signal,
          onUploadProgress: display
            ? ({ loaded, total }) => display.update(bytesSnapshot(file, loaded, total))
            : undefined,
        }),
      ).then(
        (answer) => ({ answer }),
        (error: unknown) => ({ error }),
      );
      display?.stop();
      if ("answer" in sent) {
        const id = sent.answer.document_ids[0] ?? null;
        const final = (await this.nugen.apiGeneration()).generation === "2026-09";
        Object.assign(result, final ? { document_id: id } : { upload_id: id }, { status: "UPLOADED" });
        if (id) this.unfollowed.set(result, id);
      } else if (sent.error instanceof DocumentAlreadyUploadedError) {
        Object.assign(result, { document_id: sent.error.documentId, status: "READY", already_uploaded: true });
        writeLine(this.io.stderr, `${file.path} is already uploaded, as ${sent.error.documentId}.`);
      } else {
        const interrupted = sent.error instanceof APIUserAbortError && this.stop.signal.aborted;
        const error = interrupted
          ? new Interrupted(
              `Stopped while uploading ${file.path}; it may have been stored all the same: check \`nugen documents list\`.`,
            )
          : sent.error;
        const notSent = files.slice(index + 1).map((later) => later.path);
        this.fail(result, error, notSent.length > 0 ? `Not uploaded: ${notSent.join(", ")}.` : undefined);
        return false;
      }
      // Said at once, so that no id is lost if a later file fails.
      if (!this.options.wait && !this.options.json)
        writeLine(this.io.stdout, result.upload_id ?? result.document_id ?? "");
    }
    return true;
  }

  /** Follows each upload in turn (the server processes them side by side), under one deadline. */
  private async waitAll(): Promise<void> {
    const deadline = this.options.waitTimeout === undefined ? undefined : Date.now() + this.options.waitTimeout;
    const job = documentJob(this.nugen);
    for (const result of this.results) {
      const id = this.unfollowed.get(result);
      if (id) {
        this.unfollowed.delete(result);
        const outcome = await follow(this.io, job, id, {
          timeoutMs: deadline === undefined ? undefined : Math.max(1, deadline - Date.now()),
          signal: this.stop.signal,
        });
        const last = outcome.ok ? outcome.final : outcome.last;
        result.status = last?.status ?? result.status;
        result.document_id = last?.document_id ?? result.document_id;
        if (!outcome.ok) {
          const pending = [...this.unfollowed];
          const failed = this.fail(result, outcome.error, undefined, job, id);
          if (failed === EXIT.jobFailed) continue; // one failed document does not stop the others
          if (pending.length > 0)
            writeLine(
              this.io.stderr,
              `Still processing: ${pending.map(([other, otherId]) => `${other.file} (\`nugen documents status ${otherId}\`)`).join(", ")}.`,
            );
          return;
        }
      }
      if (!this.options.json) writeLine(this.io.stdout, result.document_id ?? "");
    }
  }

  /** Records and reports a failure; the first one sets the exit code. */
  private fail(
    result: FileResult,
    error: unknown,
    note: string | undefined,
    job?: JobKind<DocumentUploadStatus>,
    followedId?: string,
  ): number {
    result.error = errorJson(error);
    const code =
      job && followedId
        ? reportWaitEnd(this.io, this.command, job, followedId, error)
        : reportFailure(this.io, this.command, error);
    if (note) writeLine(this.io.stderr, note);
    if (this.exitCode === EXIT.ok) this.exitCode = code;
    return code;
  }

  private byteProgress(file: LocalFile): ProgressDisplay | undefined {
    if (!this.io.stderr.isTTY || file.size < LARGE_FILE_BYTES) return undefined;
    const display = createProgressDisplay(this.io, file.path);
    display.update(bytesSnapshot(file, 0, file.size));
    return display;
  }
}

function bytesSnapshot(
  file: LocalFile,
  loaded: number,
  total: number | undefined,
): { status: string; percent: number; detail: string } {
  const size = total && total > 0 ? total : file.size;
  return {
    status: "uploading",
    percent: size > 0 ? (loaded / size) * 100 : 0,
    detail: `${basename(file.path)} ${formatBytes(loaded)} of ${formatBytes(size)}`,
  };
}

function progressOf(status: DocumentUploadStatus): number | undefined {
  return jobs.document.progress(status);
}

function errorOf(status: DocumentUploadStatus): string | undefined {
  const value = (status as Record<string, unknown>).error;
  return typeof value === "string" ? value : undefined;
}
