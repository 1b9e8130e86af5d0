/**
 * The SDK's one error hierarchy. Every failure a caller can see is a NugenError:
 *
 *   NugenError
 *   ├── APIError (the server answered with an error status, or a body we cannot read)
 *   │   ├── BadRequestError 400, AuthenticationError 401, PermissionDeniedError 403,
 *   │   ├── NotFoundError 404, ConflictError 409, UnprocessableEntityError 422,
 *   │   └── RateLimitError 429, InternalServerError >= 500
 *   ├── APIConnectionError (no usable answer) ├── APITimeoutError └── StreamInterruptedError
 *   │       (StreamInterruptedError └── MalformedStreamError: an event too large, a chunk not JSON)
 *   ├── APIUserAbortError (the caller's signal fired)
 *   ├── AnswerTooLargeError (a JSON answer over the SDK's size limit)
 *   │       (ConflictError └── DocumentAlreadyUploadedError, with the existing documentId)
 *   ├── RequestValidationError (bad input, refused before anything was sent)
 *   ├── UnsupportedOperationError (no route on the server's API generation; nothing sent)
 *   ├── GenerationDetectionError (could not tell which API generation a server speaks)
 *   ├── FileReadError (a file to upload could not be read; nothing was stored)
 *   ├── JobFailedError (a job ended FAILED: document, benchmark, deploy, evaluation, ...)
 *   │   └── AlignmentFailedError (an alignment project ended FAILED or STOPPED)
 *   └── WaitTimeoutError (a wait's deadline passed before the job ended)
 */

export class NugenError extends Error {
  override readonly name: string = "NugenError";
  /**
   * True when the request may have reached the server and changed something before it
   * failed (a create that timed out or got a 5xx). Check before repeating such a request.
   */
  mayHaveTakenEffect = false;
  /** With mayHaveTakenEffect: how to check, also appended to the message (a CLI may say it its own way). */
  checkHint: string | undefined;
}

/** Marks a failure after which the request may have taken effect, saying how to check. */
export function markAmbiguous<E extends NugenError>(error: E, checkHint: string): E {
  if (error.mayHaveTakenEffect) return error;
  error.mayHaveTakenEffect = true;
  error.checkHint = checkHint;
  error.message = `${error.message} ${checkHint}`;
  return error;
}

export class APIError extends NugenError {
  override readonly name: string = "APIError";
  /** Value of the response's `x-request-id` header, for support requests. */
  readonly requestId: string | undefined;

  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
    message: string,
  ) {
    super(message);
    this.requestId = headers["x-request-id"];
  }

  /** FastAPI's `detail`: a string, an object (`{message, document_id}`) or a 422 list. */
  get detail(): unknown {
    return this.body !== null && typeof this.body === "object" ? (this.body as { detail?: unknown }).detail : undefined;
  }
}

export class BadRequestError extends APIError {
  override readonly name: string = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override readonly name: string = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override readonly name: string = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override readonly name: string = "NotFoundError";
}
export class ConflictError extends APIError {
  override readonly name: string = "ConflictError";
}
/** An upload refused because the same content is already there; `documentId` names it. */
export class DocumentAlreadyUploadedError extends ConflictError {
  override readonly name: string = "DocumentAlreadyUploadedError";
  /** The id of the document already holding this content (a `doc_...` id). */
  get documentId(): string {
    return (this.detail as { document_id: string }).document_id;
  }
}
export class UnprocessableEntityError extends APIError {
  override readonly name: string = "UnprocessableEntityError";
}
export class RateLimitError extends APIError {
  override readonly name: string = "RateLimitError";
}
export class InternalServerError extends APIError {
  override readonly name: string = "InternalServerError";
}

export class APIConnectionError extends NugenError {
  override readonly name: string = "APIConnectionError";
}
export class APITimeoutError extends APIConnectionError {
  override readonly name: string = "APITimeoutError";
}
/** A stream that broke off before `[DONE]` or before its final chunk: the answer is incomplete. */
export class StreamInterruptedError extends APIConnectionError {
  override readonly name: string = "StreamInterruptedError";
}
/** An answer larger than the SDK reads for JSON (a runaway body): refused rather than held in memory. */
export class AnswerTooLargeError extends NugenError {
  override readonly name: string = "AnswerTooLargeError";
}
/**
 * The stream sent what the SDK cannot read (an event past the size limit, a chunk that is
 * not JSON): it was stopped there, and the answer is incomplete.
 */
export class MalformedStreamError extends StreamInterruptedError {
  override readonly name: string = "MalformedStreamError";
}
export class APIUserAbortError extends NugenError {
  override readonly name: string = "APIUserAbortError";
  constructor(message = "Request was aborted by the caller's signal.", options?: { cause?: unknown }) {
    // The signal's reason (`controller.abort(reason)`) is kept as the cause.
    super(message, options?.cause === undefined ? undefined : options);
  }
}

/**
 * A file to upload could not be read: missing, a directory, not readable, or changed on disk
 * while it was being sent. A local failure: nothing was stored (`mayHaveTakenEffect` false).
 */
export class FileReadError extends NugenError {
  override readonly name: string = "FileReadError";
  constructor(
    /** The file's path, when it came from disk. */
    readonly path: string | undefined,
    /** The system's code, such as ENOENT, EISDIR or EACCES, when there is one. */
    readonly code: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One problem found in a request before it was sent. */
export interface InputIssue {
  /** Where the problem is, such as `body.document_ids[1]` or `id`. */
  field: string;
  message: string;
}

export class RequestValidationError extends NugenError {
  override readonly name: string = "RequestValidationError";
  constructor(readonly issues: InputIssue[]) {
    super(`Invalid request: ${issues.map((issue) => `${issue.field} ${issue.message}`).join("; ")}`);
  }
}

/** A call the API generation a server speaks has no route for: refused before anything was sent. */
export class UnsupportedOperationError extends NugenError {
  override readonly name: string = "UnsupportedOperationError";
  constructor(
    readonly operationId: string,
    readonly apiGeneration: string,
  ) {
    super(
      `${operationId} has no route in the ${apiGeneration} generation of the Nugen API, which this server speaks; nothing was sent. ` +
        'See the docs\' "API generations" page for what replaced it.',
    );
  }
}

/** The client could not tell which API generation the server speaks (auto detection failed). */
export class GenerationDetectionError extends NugenError {
  override readonly name: string = "GenerationDetectionError";
}

const errorClassByStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

export function apiErrorClassFor(status: number, body?: unknown): typeof APIError {
  const detail =
    body !== null && typeof body === "object" ? (body as { detail?: { document_id?: unknown } }).detail : undefined;
  if (status === 409 && typeof detail?.document_id === "string") return DocumentAlreadyUploadedError;
  return errorClassByStatus[status] ?? (status >= 500 ? InternalServerError : APIError);
}

/** The server's reason, read from FastAPI's `detail` in any of its three shapes. */
export function reasonFromBody(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const detail = (body as { detail?: unknown }).detail ?? (body as { message?: unknown }).message;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((entry) => {
        const { loc, msg } = (entry ?? {}) as { loc?: unknown; msg?: unknown };
        const where = Array.isArray(loc) ? loc.join(".") : undefined;
        const what = typeof msg === "string" ? msg : printableJson(entry);
        return where ? `${where}: ${what}` : what;
      })
      .join("; ");
  }
  if (detail && typeof detail === "object") {
    const message = (detail as { message?: unknown }).message;
    return typeof message === "string" ? message : printableJson(detail);
  }
  return undefined;
}

/**
 * A value from a body as JSON for a message: shortened to `maxLength`, and never a stack
 * overflow (JSON.stringify throws a RangeError for a value nested 100,000 deep).
 */
export function printableJson(value: unknown, maxLength = 500): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    return "(a value nested too deep to print)";
  }
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

/** The last status read of a job (any kind), as the waiting errors carry it. */
export interface StatusSnapshot {
  status?: string | null;
  [key: string]: unknown;
}

/** A job (document processing, benchmark, alignment, deploy, evaluation, ...) ended in failure. */
export class JobFailedError extends NugenError {
  override readonly name: string = "JobFailedError";
  constructor(
    /** What kind of job, such as `document upload` or `alignment project`. */
    readonly jobKind: string,
    readonly jobId: string,
    readonly lastStatus: StatusSnapshot,
    /** The server's reason, if it gave one. */
    readonly reason: string | undefined,
  ) {
    const because = reason ? `: ${reason.trim().replace(/\.+$/, "")}` : " (the server gave no reason)";
    super(`${capitalised(jobKind)} ${jobId} ended with status ${lastStatus.status}${because}.`);
  }
}

/** An alignment project ended FAILED or STOPPED. */
export class AlignmentFailedError extends JobFailedError {
  override readonly name: string = "AlignmentFailedError";
  get projectId(): string {
    return this.jobId;
  }
}

export class WaitTimeoutError extends NugenError {
  override readonly name: string = "WaitTimeoutError";
  constructor(
    readonly jobKind: string,
    readonly jobId: string,
    readonly lastStatus: StatusSnapshot | undefined,
    timeoutMs: number,
    where: string,
    lastError?: unknown,
  ) {
    // Without a status read, nothing is known of the job: say what stood in the way instead.
    const state = lastStatus
      ? `(${where}). It is still running on the server; wait again or check its status later.`
      : `before any status could be read${lastError instanceof Error ? ` (last error: ${lastError.message})` : ""}. Its state is unknown; check its status.`;
    super(
      `Stopped waiting for ${jobKind} ${jobId} after ${timeoutMs} ms ${state}`,
      lastError === undefined ? undefined : { cause: lastError },
    );
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
