import type { APIPromise } from "../../core/api-promise.js";
import type { ClientContext } from "../../core/resource.js";
import type { Stream } from "../../core/stream.js";
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from "../../types.js";
import { type InferenceOptions, withInferenceHeaders } from "./options.js";

export type ChatCompletionCreateParamsStreaming = ChatCompletionRequest & { stream: true };
export type ChatCompletionCreateParamsNonStreaming = ChatCompletionRequest & { stream?: false | null };

export class Completions {
  constructor(private readonly context: ClientContext) {}

  /**
   * A chat completion from a base model or a deployed aligned model. With `stream: true`,
   * a Stream of chunks (for await ... of it; finalChatCompletion() for the whole answer).
   */
  create(body: ChatCompletionCreateParamsNonStreaming, options?: InferenceOptions): APIPromise<ChatCompletion>;
  create(
    body: ChatCompletionCreateParamsStreaming,
    options?: InferenceOptions,
  ): APIPromise<Stream<ChatCompletionChunk>>;
  create(
    body: ChatCompletionRequest,
    options?: InferenceOptions,
  ): APIPromise<ChatCompletion | Stream<ChatCompletionChunk>>;
  create(
    body: ChatCompletionRequest,
    options?: InferenceOptions,
  ): APIPromise<ChatCompletion | Stream<ChatCompletionChunk>> {
    return this.context.request(
      "createChatCompletion",
      { body, stream: body?.stream === true },
      withInferenceHeaders(options),
    );
  }
}

/** `nugen.chat.completions`, as in openai-node. */
export class Chat {
  readonly completions: Completions;
  constructor(context: ClientContext) {
    this.completions = new Completions(context);
  }
}
