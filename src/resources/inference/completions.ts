import type { APIPromise } from "../../core/api-promise.js";
import type { ClientContext } from "../../core/resource.js";
import type { Stream } from "../../core/stream.js";
import type { Completion, CompletionChunk, CompletionRequest } from "../../types.js";
import { type InferenceOptions, withInferenceHeaders } from "./options.js";

export class TextCompletions {
  constructor(private readonly context: ClientContext) {}

  /** A text completion of `prompt`. With `stream: true`, a Stream of chunks (finalCompletion() for the whole text). */
  create(body: CompletionRequest & { stream?: false | null }, options?: InferenceOptions): APIPromise<Completion>;
  create(body: CompletionRequest & { stream: true }, options?: InferenceOptions): APIPromise<Stream<CompletionChunk>>;
  create(body: CompletionRequest, options?: InferenceOptions): APIPromise<Completion | Stream<CompletionChunk>>;
  create(body: CompletionRequest, options?: InferenceOptions): APIPromise<Completion | Stream<CompletionChunk>> {
    return this.context.request(
      "createCompletion",
      { body, stream: body?.stream === true },
      withInferenceHeaders(options),
    );
  }
}
