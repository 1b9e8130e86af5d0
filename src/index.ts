export { Nugen } from "./client.js";
export type { ClientOptions, RequestOptions } from "./core/options.js";
export type { LogLevel, Logger } from "./core/logger.js";
export {
  NugenError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  RequestValidationError,
  AlignmentFailedError,
  WaitTimeoutError,
  type InputIssue,
  type StatusSnapshot,
} from "./core/errors.js";
export type * from "./types.js";
export type { WaitOptions } from "./wait.js";
export { statusOutcome, type StatusOutcome } from "./alignment-status.js";
export { parseTimestamp } from "./timestamps.js";
