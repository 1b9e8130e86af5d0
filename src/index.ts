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
  DocumentAlreadyUploadedError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  StreamInterruptedError,
  AnswerTooLargeError,
  RequestValidationError,
  UnsupportedOperationError,
  GenerationDetectionError,
  MalformedStreamError,
  FileReadError,
  JobFailedError,
  AlignmentFailedError,
  WaitTimeoutError,
  type InputIssue,
  type StatusSnapshot,
} from "./core/errors.js";
export type * from "./types.js";
export { APIPromise, type WithResponse } from "./core/api-promise.js";
export type { Page, PagePromise } from "./core/pagination.js";
export type { WaitOptions } from "./core/poll.js";
export { toFile, type Uploadable, type ToFileInput, type ToFileOptions, type UploadProgress } from "./core/uploads.js";
export type { UploadDocumentsOptions, ReadyDocument } from "./resources/documents.js";
export type { BenchmarkQuestion, UploadBenchmarkParams } from "./resources/benchmarks.js";
export type { AndWaitOptions } from "./resources/shared.js";
export type { RunAgentOptions } from "./resources/agents.js";
export type { CreateAnswerEngineParams } from "./resources/answer-engines.js";
export { Stream, type StreamEvent } from "./core/stream.js";
export type { AssembledChatCompletion, AssembledCompletion } from "./core/accumulate.js";
export type { InferenceOptions } from "./resources/inference/options.js";
export type { ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming } from "./resources/inference/chat.js";
export { statusOutcome, type StatusOutcome, type JobKind } from "./core/job-status.js";
export { parseTimestamp } from "./timestamps.js";
export type { ApiGeneration, ApiGenerationSetting, GenerationInfo } from "./core/generation.js";
