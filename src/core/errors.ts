/**
 * The SDK's one error hierarchy. Every failure a caller can see is a NugenError:
 *
 *   NugenError
 *   ├── APIError (the server answered with an error status, or a body we cannot read)
 *   │   ├── BadRequestError 400, AuthenticationError 401, PermissionDeniedError 403,
 *   │   ├── NotFoundError 404, ConflictError 409, UnprocessableEntityError 422,
 *   │   └── RateLimitError 429, InternalServerError >= 500
 *   ├── APIConnectionError (no usable answer) └── APITimeoutError
 *   ├── APIUserAbortError (the caller's signal fired)
 *   ├── RequestValidationError (bad input, refused before anything was sent)
 *   ├── AlignmentFailedError (a project ended FAILED or STOPPED)
 *   └── WaitTimeoutError (a wait's deadline passed; the project is still running)
 */

export class NugenError extends Error {
  override readonly name: string = "NugenError";
  /**
   * True when the request may have reached the server and changed something before it
   * failed (a create that timed out or got a 5xx). Check before repeating such a request.
   */
  mayHaveTakenEffect = false;
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
export class APIUserAbortError extends NugenError {
  override readonly name: string = "APIUserAbortError";
  constructor(message = "Request was aborted by the caller's signal.") {
    super(message);
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

const errorClassByStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

export function apiErrorClassFor(status: number): typeof APIError {
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
        const what = typeof msg === "string" ? msg : JSON.stringify(entry);
        return where ? `${where}: ${what}` : what;
      })
      .join("; ");
  }
  if (detail && typeof detail === "object") {
    const message = (detail as { message?: unknown }).message;
    return typeof message === "string" ? message : JSON.stringify(detail);
  }
  return undefined;
}

/** The last status seen of a project, as carried by the waiting errors. */
export interface StatusSnapshot {
  status: string;
  data?: { error?: string | null; progress?: number | null; [key: string]: unknown } | null;
  [key: string]: unknown;
}

export class AlignmentFailedError extends NugenError {
  override readonly name: string = "AlignmentFailedError";
  /** The server's `error` text, if it gave one. */
  readonly reason: string | undefined;
  constructor(
    readonly projectId: string,
    readonly lastStatus: StatusSnapshot,
  ) {
    const reason = typeof lastStatus.data?.error === "string" ? lastStatus.data.error : undefined;
    const because = reason ? `: ${reason.trim().replace(/\.+$/, "")}` : " (the server gave no reason)";
    super(`Alignment project ${projectId} ended with status ${lastStatus.status}${because}.`);
    this.reason = reason;
  }
}

export class WaitTimeoutError extends NugenError {
  override readonly name: string = "WaitTimeoutError";
  constructor(
    readonly projectId: string,
    readonly lastStatus: StatusSnapshot | undefined,
    timeoutMs: number,
  ) {
    const where = lastStatus ? `status ${lastStatus.status}${typeof lastStatus.data?.progress === "number" ? `, ${lastStatus.data.progress}%` : ""}` : "no status read yet";
    super(
      `Stopped waiting for alignment project ${projectId} after ${timeoutMs} ms (${where}). The project is still running on the server; wait again or check its status later.`,
    );
  }
}
