export { Nugen } from "./client.js";
export type { AssembledChatCompletion, AssembledCompletion } from "./core/accumulate.js";
export { APIPromise, type WithResponse } from "./core/api-promise.js";
export {
  AlignmentFailedError,
  AnswerTooLargeError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  DocumentAlreadyUploadedError,
  FileReadError,
  GenerationDetectionError,
  type InputIssue,
  InternalServerError,
  JobFailedError,
  MalformedStreamError,
  NotFoundError,
  NugenError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
  type StatusSnapshot,
  StreamInterruptedError,
  UnprocessableEntityError,
  UnsupportedOperationError,
  WaitTimeoutError,
} from "./core/errors.js";
export type { ApiGeneration, ApiGenerationSetting, GenerationInfo } from "./core/generation.js";
export { type JobKind, type StatusOutcome, statusOutcome } from "./core/job-status.js";
export type { Logger, LogLevel } from "./core/logger.js";
export type { ClientOptions, RequestOptions } from "./core/options.js";
export type { Page, PagePromise } from "./core/pagination.js";
export type { WaitOptions } from "./core/poll.js";
export { Stream, type StreamEvent } from "./core/stream.js";
export { type ToFileInput, type ToFileOptions, toFile, type Uploadable, type UploadProgress } from "./core/uploads.js";
export type { RunAgentOptions } from "./resources/agents.js";
export type { CreateAnswerEngineParams } from "./resources/answer-engines.js";
export type { BenchmarkQuestion, UploadBenchmarkParams } from "./resources/benchmarks.js";
export type { ReadyDocument, UploadDocumentsOptions } from "./resources/documents.js";
export type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "./resources/inference/chat.js";
export type { InferenceOptions } from "./resources/inference/options.js";
export type { AndWaitOptions } from "./resources/shared.js";
export { parseTimestamp } from "./timestamps.js";
export type * from "./types.js";
