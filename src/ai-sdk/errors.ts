/**
 * The SDK's errors as the AI SDK's: an answer with an error status, a connection that broke
 * or timed out, and a stream cut or failed mid-way become an `APICallError` (the SDK's
 * message, status, response body and headers, and whether the AI SDK may try again, as the
 * SDK's retry policy says); input the spec refuses becomes an `InvalidArgumentError`; the
 * caller's abort is the signal's reason, as fetch throws it. The SDK has scrubbed the key
 * from every message, body and header already; nothing here adds it back.
 */
import { APICallError, InvalidArgumentError } from "@ai-sdk/provider";
import { APIConnectionError, APIError, APITimeoutError, APIUserAbortError, RequestValidationError } from "nugen";
import { type OperationId, operations } from "../../generated/operations.js";
import { neverConnected, shouldRetryStatus } from "../core/retry-policy.js";

export interface FailedCall {
  operationId: OperationId;
  /** The client's base URL: with the operation's path, the URL the call went to. */
  baseUrl: string;
  body: unknown;
  abortSignal?: AbortSignal;
}

/** The AI SDK's error for what the SDK threw; anything else is returned as it is. */
export function toSpecError(error: unknown, call: FailedCall): unknown {
  if (error instanceof APIUserAbortError)
    return call.abortSignal?.reason ?? new DOMException("The request was aborted.", "AbortError");
  if (error instanceof RequestValidationError) {
    return new InvalidArgumentError({
      argument: error.issues[0]?.field ?? "body",
      message: error.message,
      cause: error,
    });
  }
  const { idempotent, path } = operations[call.operationId];
  const url = `${call.baseUrl}${path}`;
  if (error instanceof APIError) {
    return new APICallError({
      message: error.message,
      url,
      requestBodyValues: call.body,
      statusCode: error.status,
      responseHeaders: error.headers,
      responseBody: typeof error.body === "string" ? error.body : JSON.stringify(error.body),
      data: error.body,
      isRetryable: shouldRetryStatus(error.status, idempotent, new Headers(error.headers)),
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    // The transport's rule: a call that creates nothing may go again; otherwise only when it never left.
    const isRetryable = idempotent || (!(error instanceof APITimeoutError) && neverConnected(error.cause));
    return new APICallError({ message: error.message, url, requestBodyValues: call.body, isRetryable, cause: error });
  }
  return error;
}
