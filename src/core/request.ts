/**
 * The one layer between resources and the wire. A resource names an operation of the spec;
 * this layer takes its method, path and answer type from the generated operation table,
 * checks the input with the validators compiled from the spec, builds a multipart body when
 * the operation takes one, and sends it through openapi-fetch and the transport (retries,
 * timeouts, typed errors, the key scrubbed). Adding an endpoint adds nothing here.
 */
import type { Client } from "openapi-fetch";
import type { operations as OperationTypes, paths } from "../../generated/openapi.js";
import { type OperationId, operations } from "../../generated/operations.js";
import { type CompiledValidator, requestValidators } from "../../generated/validators.js";
import { APIPromise, type WithResponse } from "./api-promise.js";
import { type RequestOptions, checkedRequestOptions } from "./options.js";
import type { Secret } from "./secret.js";
import { Stream, type StreamEvent } from "./stream.js";
import { DEFAULT_AMBIGUITY_HINT, type Send, gapTimerOf, parsedAnswerOf, shapeError, streamEventError } from "./transport.js";
import { type UploadProgress, multipartBody } from "./uploads.js";
import { assertValid } from "./validate.js";

export type { OperationId };

/** The JSON a successful call of an operation answers, as the spec types it. */
export type SuccessData<O extends OperationId> = OperationTypes[O] extends { responses: { 200: { content: { "application/json": infer T } } } }
  ? T
  : unknown;

/** The body an operation takes (JSON or multipart fields), as the spec types it. */
export type RequestBody<O extends OperationId> = NonNullable<OperationTypes[O]["requestBody"]> extends { content: infer C }
  ? C extends { "application/json": infer T }
    ? T
    : C extends { "multipart/form-data": infer T }
      ? T
      : never
  : never;

/** The query parameters an operation takes. */
export type QueryParams<O extends OperationId> = OperationTypes[O] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export interface OperationInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  /** Ask for the answer as an event stream (an inference call with `stream: true`). */
  stream?: boolean;
}

export interface CallSettings extends RequestOptions {
  /** Said in errors after which a create may have taken effect: how to check. */
  ambiguityHint?: string;
  /** Reports bytes of file content sent, for multipart uploads (Node, Bun, Deno). */
  onUploadProgress?: (progress: UploadProgress) => void;
}

/**
 * Thrown by a resource's `normalize` when an answer lacks what the method promises (a
 * create without an id, say). Turned here into an APIError with the key scrubbed.
 */
export class UnexpectedAnswer extends Error {
  constructor(
    readonly expected: string,
    /** The call may have changed something all the same (a create answered without its id). */
    readonly mayHaveTakenEffect = false,
  ) {
    super(expected);
  }
}

export type Requester = <O extends OperationId, R = SuccessData<O>>(
  operationId: O,
  input?: OperationInput,
  options?: CallSettings,
  normalize?: (data: SuccessData<O>) => R,
) => APIPromise<R>;

/** One row of the generated operation table. */
interface OperationSpec {
  method: string;
  path: string;
  body: "none" | "json" | "multipart";
  answer: readonly string[];
  streams: boolean;
  idempotent: boolean;
  maxFileBytes?: number;
}

type Validators = Partial<Record<"body" | "path" | "query", CompiledValidator>>;

export function createRequester(api: Client<paths>, send: Send, secret: Secret): Requester {
  const untypedApi = api as unknown as { request(method: string, path: string, init: Record<string, unknown>): Promise<{ data?: unknown; response: Response }> };

  return <O extends OperationId, R>(operationId: O, input: OperationInput = {}, options: CallSettings = {}, normalize?: (data: SuccessData<O>) => R) =>
    new APIPromise<R>(
      (async (): Promise<WithResponse<R>> => {
        const operation: OperationSpec = operations[operationId];
        const { onUploadProgress, ...callOptions } = checkedRequestOptions(options) ?? {};
        const validators: Validators = (requestValidators as Record<string, Validators>)[operationId] ?? {};
        if (validators.path) assertValid(validators.path, input.path ?? {}, "");
        if (validators.query) assertValid(validators.query, input.query ?? {}, "");
        if (validators.body) assertValid(validators.body, input.body, "body");

        const multipart = operation.body === "multipart";
        const body = multipart
          ? await multipartBody(input.body as Record<string, unknown>, { onUploadProgress, maxFileBytes: operation.maxFileBytes })
          : input.body;
        const stream = Boolean(input.stream && operation.streams);
        // A stream has its own controller (stream.controller.abort()), joined to the caller's signal.
        const controller = stream ? new AbortController() : undefined;
        const signal = controller && callOptions.signal ? AbortSignal.any([callOptions.signal, controller.signal]) : (controller?.signal ?? callOptions.signal);
        const call = { ...callOptions, signal, answer: operation.answer, stream, idempotent: operation.idempotent };
        const { data: streamed, response } = await untypedApi.request(operation.method, operation.path, {
          params: { path: input.path, query: input.query },
          body,
          // A FormData goes out as it is: fetch writes the boundary and streams the files.
          ...(multipart ? { bodySerializer: (form: FormData) => form } : {}),
          // The transport has read and parsed the answer already: openapi-fetch leaves it alone.
          parseAs: "stream",
          fetch: (request: Request) => send(request, call),
        });
        const data = stream ? streamed : parsedAnswerOf(response);
        const requestId = response.headers.get("x-request-id") ?? undefined;
        if (controller) {
          const events = new Stream(data as ReadableStream<Uint8Array>, response, controller, (event: StreamEvent) => streamEventError(response, event, secret), gapTimerOf(response));
          return { data: events as R, response, requestId };
        }
        let result: R;
        try {
          result = normalize ? normalize(data as SuccessData<O>) : (data as R);
        } catch (error) {
          // A shape the method did not foresee (a field of the wrong type) is the server's, not a crash;
          // after a create it may have happened all the same.
          const expected = error instanceof UnexpectedAnswer ? error.expected : `the documented shape (${(error as Error).message})`;
          const mayHaveTakenEffect = !operation.idempotent && (!(error instanceof UnexpectedAnswer) || error.mayHaveTakenEffect);
          throw shapeError(response, data, expected, secret, mayHaveTakenEffect ? (options.ambiguityHint ?? DEFAULT_AMBIGUITY_HINT) : undefined);
        }
        // As openai-node's `_request_id`: there when needed, invisible to JSON and equality.
        if (result !== null && typeof result === "object" && !Object.isFrozen(result)) {
          Object.defineProperty(result, "_request_id", { value: requestId, enumerable: false, configurable: true });
        }
        return { data: result, response, requestId };
      })(),
    );
}
