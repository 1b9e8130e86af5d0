import { APIPromise } from "../core/api-promise.js";
import { RequestValidationError } from "../core/errors.js";
import type { RequestOptions } from "../core/options.js";
import { type CallSettings, UnexpectedAnswer } from "../core/request.js";
import type { ClientContext } from "../core/resource.js";
import type { Uploadable } from "../core/uploads.js";
import type {
  AnswerEngine,
  AnswerEngineChatAnswer,
  AnswerEngineChatRequest,
  AnswerEngineRetrieval,
  AnswerEngineRetrieveRequest,
  CreateAnswerEngineBody,
  SystemPromptStored,
  UpdateSystemPromptRequest,
} from "../types.js";

const CREATE_AMBIGUITY_HINT =
  "The answer engine may have been created all the same; no route lists engines, so look for it in the Nugen platform before creating it again.";

/** An engine's name, models and settings, and at least one source: files, S3 URIs or an S3 prefix. */
export type CreateAnswerEngineParams = Omit<CreateAnswerEngineBody, "documents" | "s3_uris"> & {
  /** Files to index, in every form `documents.upload` takes: File, Blob, fs.ReadStream, or `toFile()`'s result. */
  documents?: Uploadable | Uploadable[];
  /** S3 objects to index. */
  s3_uris?: string | string[];
};

export class AnswerEngines {
  constructor(private readonly context: ClientContext) {}

  /**
   * Creates an answer engine over the files and S3 sources given (at least one, refused
   * before sending otherwise) and resolves to it, unwrapped from `{data}`: its
   * `answer_engine_id`, `status` and counts. No route reads an engine back, so there is no
   * waiting for a `processing` engine: ask it, and ask again later if it is not ready.
   */
  create(params: CreateAnswerEngineParams, options?: Omit<CallSettings, "ambiguityHint">): APIPromise<AnswerEngine> {
    return new APIPromise(
      (async () => {
        const { documents, s3_uris, ...fields } = params ?? ({} as CreateAnswerEngineParams);
        const files = documents === undefined || documents === null ? [] : [documents].flat();
        const uris = s3_uris === undefined || s3_uris === null ? [] : [s3_uris].flat();
        if (files.length === 0 && uris.length === 0 && !fields.s3_prefix) {
          throw new RequestValidationError([
            {
              field: "body.documents",
              message: "or body.s3_uris or body.s3_prefix is required: an answer engine needs at least one source",
            },
          ]);
        }
        const body = {
          ...fields,
          ...(files.length > 0 ? { documents: files } : {}),
          ...(uris.length > 0 ? { s3_uris: uris } : {}),
        };
        return this.context
          .request("createAnswerEngine", { body }, { ...options, ambiguityHint: CREATE_AMBIGUITY_HINT }, engineOf)
          .withResponse();
      })(),
    );
  }

  /**
   * Asks the engine a question; the answer carries `conv_thread_id`, to send with the next
   * question of the same conversation.
   */
  chat(id: string, body: AnswerEngineChatRequest, options?: RequestOptions): APIPromise<AnswerEngineChatAnswer> {
    return this.context.request("chatWithAnswerEngine", { path: { id }, body }, options);
  }

  /** The passages the engine finds for a query, best first, without an answer. */
  retrieve(id: string, body: AnswerEngineRetrieveRequest, options?: RequestOptions): APIPromise<AnswerEngineRetrieval> {
    return this.context.request("retrieveFromAnswerEngine", { path: { id }, body }, options);
  }

  /** Stores a system prompt under a name (the same name replaces it); the answer's `prompt_id` is what `chat` takes. */
  updateSystemPrompt(
    id: string,
    body: UpdateSystemPromptRequest,
    options?: RequestOptions,
  ): APIPromise<SystemPromptStored> {
    return this.context.request("updateAnswerEngineSystemPrompt", { path: { id }, body }, options);
  }
}

/** The engine of a creation's answer: `{data: engine}`, or the engine itself. */
function engineOf(data: unknown): AnswerEngine {
  const record = data as { data?: unknown };
  const engine = record?.data !== null && typeof record?.data === "object" ? record.data : data;
  if (engine === null || typeof engine !== "object" || typeof (engine as AnswerEngine).answer_engine_id !== "string") {
    throw new UnexpectedAnswer("`data.answer_engine_id`, the new engine's id", true);
  }
  return engine as AnswerEngine;
}
