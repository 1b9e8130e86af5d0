/**
 * The one layer between resources and the wire. A resource names an operation of the spec;
 * this layer picks the operation that serves it on the server's API generation, takes its
 * method, path and answer type from the generated operation table, checks the input against
 * the spec's request schemas, builds the body (JSON, or multipart in one place) and
 * hands one request to the transport, which answers with the parsed JSON or the stream.
 * Nothing travels beside the call. Adding an endpoint adds nothing here.
 */
import type { operations as OperationTypes } from "../../generated/openapi.js";
import type { OperationId } from "../../generated/operations.js";
import { requestSchemas } from "../../generated/request-schemas.js";
import { APIPromise, type WithResponse } from "./api-promise.js";
import { NugenError } from "./errors.js";
import type { ApiGeneration, GenerationResolver } from "./generation.js";
import { checkedJsonBody } from "./json-body.js";
import { dependsOnGeneration, inCallerTerms, operationOn, operationSpec, renamedBody } from "./operation-table.js";
import { checkedRequestOptions, type RequestOptions } from "./options.js";
import type { Secret } from "./secret.js";
import { Stream, type StreamEvent } from "./stream.js";
import { DEFAULT_AMBIGUITY_HINT, type Send, shapeError, streamEventError } from "./transport.js";
import { guardStreams, multipartBody, type UploadProgress } from "./uploads.js";
import { operationUrl } from "./url.js";
import { assertValid } from "./validate.js";

export type { OperationId };

/** The JSON a successful call of an operation answers, as the spec types it. */
export type SuccessData<O extends OperationId> = OperationTypes[O] extends {
  responses: { 200: { content: { "application/json": infer T } } };
}
  ? T
  : unknown;

/** The body an operation takes (JSON or multipart fields), as the spec types it. */
export type RequestBody<O extends OperationId> =
  NonNullable<OperationTypes[O]["requestBody"]> extends { content: infer C }
    ? C extends { "application/json": infer T }
      ? T
      : C extends { "multipart/form-data": infer T }
        ? T
        : never
    : never;

/** The query parameters an operation takes. */
export type QueryParams<O extends OperationId> = OperationTypes[O] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;

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
  /** The most bytes the answer may have (a download reads more than an ordinary answer). */
  maxAnswerBytes?: number;
}

/** Which operation answered, for a normalizer whose shapes differ by generation. */
export interface Answered {
  operationId: OperationId;
  /** The server's generation, when the route depended on it. */
  generation: ApiGeneration | undefined;
  response: Response;
  /** The text of an event stream the server sent instead of JSON (an operation that may stream by itself), read whole. */
  eventStream?: string;
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
  normalize?: (data: SuccessData<O>, answered: Answered) => R,
) => APIPromise<R>;

export interface RequesterConfig {
  baseUrl: string;
  send: Send;
  secret: Secret;
  generation: GenerationResolver;
}

export function createRequester({ baseUrl, send, secret, generation }: RequesterConfig): Requester {
  return <O extends OperationId, R>(
    named: O,
    input: OperationInput = {},
    options: CallSettings = {},
    normalize?: (data: SuccessData<O>, answered: Answered) => R,
  ) =>
    new APIPromise<R>(
      (async (): Promise<WithResponse<R>> => {
        // Files given as ReadStreams open at once; an error of theirs must not crash the process while the call waits.
        if (operationSpec(named).body === "multipart" && input.body && typeof input.body === "object")
          guardStreams(Object.values(input.body).flat());
        const { onUploadProgress, maxAnswerBytes, ...callOptions } = checkedRequestOptions(options) ?? {};
        // Only a route that differs by generation waits for the generation to be known.
        const spoken = dependsOnGeneration(named)
          ? (await generation.resolve(callOptions.signal)).generation
          : undefined;
        const operationId = spoken ? operationOn(named, spoken) : named;
        const operation = operationSpec(operationId);
        const body = renamedBody(input.body, named, operationId);
        const schemas = requestSchemas[operationId] ?? {};
        if (schemas.path) assertValid(schemas.path, input.path ?? {}, "");
        if (schemas.query) assertValid(schemas.query, input.query ?? {}, "");
        // A JSON body is walked once for what JSON cannot carry (as JSON.stringify will see it), then checked.
        const json = operation.body === "json" && body !== undefined;
        if (json) checkedJsonBody(body);
        if (schemas.body) {
          try {
            assertValid(schemas.body, body, "body", { sendableChecked: json });
          } catch (error) {
            throw inCallerTerms(error, input.body, named, operationId);
          }
        }

        const headers: Record<string, string> = {};
        let payload: string | FormData | undefined;
        if (operation.body === "multipart") {
          // A FormData goes out as it is: fetch writes the boundary and streams the files.
          payload = await multipartBody(body as Record<string, unknown>, {
            onUploadProgress,
            maxFileBytes: operation.maxFileBytes,
          });
        } else if (operation.body === "json" && body !== undefined) {
          payload = JSON.stringify(body);
          headers["content-type"] = "application/json";
        }
        const stream = Boolean(input.stream && operation.streams);
        // A stream has its own controller (stream.controller.abort()), beside the caller's signal.
        const controller = stream ? new AbortController() : undefined;
        const answer = await send(
          {
            method: operation.method,
            url: operationUrl(baseUrl, operation.path, input.path, input.query),
            headers,
            body: payload,
          },
          {
            ...callOptions,
            abortOn: controller?.signal,
            answer: operation.answer,
            stream,
            eventStreamWhole: operation.streams && !stream && normalize !== undefined,
            idempotent: operation.idempotent,
            maxAnswerBytes,
            ambiguityHint: options.ambiguityHint,
          },
        );
        const { response } = answer;
        const requestId = response.headers.get("x-request-id") ?? undefined;
        if (answer.kind === "stream") {
          const events = new Stream(
            answer.body,
            response,
            controller as AbortController,
            (event: StreamEvent) => streamEventError(response, event, secret),
            answer.gap,
          );
          return { data: events as R, response, requestId };
        }
        let result: R;
        const data = answer.kind === "data" ? answer.data : undefined;
        try {
          const answered: Answered = {
            operationId,
            generation: spoken,
            response,
            ...(answer.kind === "events" ? { eventStream: answer.text } : {}),
          };
          result = normalize ? normalize(data as SuccessData<O>, answered) : (data as R);
        } catch (error) {
          // The normalizer's own typed error (an error event in a stream read whole) as it is.
          if (error instanceof NugenError) throw error;
          // A shape the method did not foresee (a field of the wrong type) is the server's, not a crash;
          // after a create it may have happened all the same.
          const expected =
            error instanceof UnexpectedAnswer ? error.expected : `the documented shape (${(error as Error).message})`;
          const mayHaveTakenEffect =
            !operation.idempotent && (!(error instanceof UnexpectedAnswer) || error.mayHaveTakenEffect);
          throw shapeError(
            response,
            data,
            expected,
            secret,
            mayHaveTakenEffect ? (options.ambiguityHint ?? DEFAULT_AMBIGUITY_HINT) : undefined,
          );
        }
        // As openai-node's `_request_id`: there when needed, invisible to JSON and equality.
        if (result !== null && typeof result === "object" && !Object.isFrozen(result)) {
          Object.defineProperty(result, "_request_id", { value: requestId, enumerable: false, configurable: true });
        }
        return { data: result, response, requestId };
      })(),
    );
}
