/**
 * One place turns an operation of the spec into a route: method and path come from
 * generated/operations.ts, the path, query and body are checked against the spec's schemas
 * (FastAPI's 422 when they fail), another method on a known path gets 405 and any other path
 * 404. A handler gets its input parsed and checked: adding an endpoint is one handler.
 *
 * A sandbox of one API generation serves that generation's operations and those of every
 * generation; the other generation's routes answer 404 as unknown routes do, so a client
 * sees what a server of that generation would show it.
 */
import type { Context, Hono } from "hono";
import type { operations as OperationTypes } from "../../generated/openapi.js";
import { type ApiGeneration, type OperationId, operations } from "../../generated/operations.js";
import { requestSchemas } from "../../generated/request-schemas.js";
import { type Schema, type SchemaIssue, schemaIssues } from "../core/schema-check.js";
import type { Blobs } from "./blobs.js";
import { readBytes, readMultipart, TOO_LARGE, type UploadedFile } from "./bodies.js";
import { type Location, toFastApiDetail } from "./fastapi-errors.js";
import { Refusal, refuse } from "./refusal.js";

export { Refusal, refuse };

type Operation<Id extends OperationId> = OperationTypes[Id];
type Given<T> = [NonNullable<T>] extends [never] ? Record<string, never> : NonNullable<T>;
type JsonContent<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

/** A multipart form: text fields and, under their field names, the files. */
export type MultipartForm = Record<string, string | string[] | UploadedFile | UploadedFile[] | undefined>;
export type PathOf<Id extends OperationId> = Given<Operation<Id>["parameters"]["path"]>;
export type QueryOf<Id extends OperationId> = Given<Operation<Id>["parameters"]["query"]>;
export type BodyOf<Id extends OperationId> = (typeof operations)[Id]["body"] extends "json"
  ? JsonContent<NonNullable<Operation<Id>["requestBody"]>>
  : (typeof operations)[Id]["body"] extends "multipart"
    ? MultipartForm
    : undefined;
export type SuccessOf<Id extends OperationId> = Operation<Id>["responses"] extends {
  200: { content: { "application/json": infer Success } };
}
  ? Success
  : unknown;

export interface Input<Id extends OperationId> {
  c: Context;
  path: PathOf<Id>;
  query: QueryOf<Id>;
  body: BodyOf<Id>;
  /** The files of a multipart body, in the order they were sent. Not kept unless a handler keeps them. */
  files: UploadedFile[];
}

/** The success body (answered 200 as JSON), a refusal, or a Response built with `c`. */
export type Answer<Id extends OperationId> = SuccessOf<Id> | Refusal | Response;
export type Handler<Id extends OperationId> = (input: Input<Id>) => Answer<Id> | Promise<Answer<Id>>;

export interface RouterLimits {
  /** Largest JSON body, in bytes. */
  maxJsonBytes: number;
  /** Largest file in a multipart body, in bytes. */
  maxUploadBytes: number;
  /** Largest multipart body, in bytes, counted as it is read. */
  maxRequestBytes: number;
}

/** FastAPI's answer to a route it does not have. */
export const UNKNOWN_ROUTE = "Not Found";

/** Whether a sandbox of `generation` (undefined: every generation) serves the operation. */
export function serves(generation: ApiGeneration | undefined, operationId: OperationId): boolean {
  const own = (operations[operationId] as { generation?: ApiGeneration }).generation;
  return generation === undefined || own === undefined || own === generation;
}

/**
 * Routes in the order they must be tried: at each segment a fixed one before a parameter,
 * as OpenAPI matches them, so `/models/aligned` is not read as `/models/{model_id}`.
 */
function mostSpecificFirst(a: string, b: string): number {
  const left = a.split("/");
  const right = b.split("/");
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const fixed = (segment: string) => (segment.startsWith(":") ? 1 : 0);
    const order = fixed(left[index]!) - fixed(right[index]!);
    if (order !== 0) return order;
  }
  return 0;
}

export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${bytes} bytes`;
}

/**
 * Query and form values arrive as text, and a part sent once as one value: turn them into
 * what the schema asks for (a number, a list) where it says so, as FastAPI does. The
 * schema's own complaints say which values to convert, so no schema is restated here.
 * Answers the issues left (none: the data conforms).
 */
function conform(schema: Schema, data: Record<string, unknown>): SchemaIssue[] {
  const issues = schemaIssues(schema, data);
  let changed = false;
  for (const issue of issues) {
    const key = issue.instancePath.slice(1);
    if (issue.keyword !== "type" || !key || key.includes("/") || !(key in data)) continue;
    const expected = [issue.params.type].flat().map(String);
    const value = data[key];
    if (expected.includes("array") && !Array.isArray(value)) data[key] = [value];
    else if (typeof value !== "string") continue;
    else if (
      (expected.includes("integer") && /^-?\d+$/.test(value)) ||
      (expected.includes("number") && value.trim() !== "" && Number.isFinite(Number(value)))
    )
      data[key] = Number(value);
    else if (expected.includes("boolean") && /^(true|false)$/i.test(value)) data[key] = value.toLowerCase() === "true";
    else continue;
    changed = true;
  }
  return changed ? schemaIssues(schema, data) : issues;
}

/** FastAPI's 422 for the issues of a part of the request, if it has any. */
function invalid(issues: SchemaIssue[], where: Location, data: unknown): Refusal | undefined {
  return issues.length > 0 ? refuse(422, toFastApiDetail(issues, where, data)) : undefined;
}

async function jsonBody(c: Context, limit: number): Promise<unknown> {
  const bytes = await readBytes(c, limit);
  if (bytes === TOO_LARGE) return refuse(413, `Request body too large. The maximum size is ${formatBytes(limit)}.`);
  if (bytes.length === 0) return refuse(422, [{ loc: ["body"], msg: "Field required", type: "missing" }]);
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return refuse(422, [{ loc: ["body"], msg: "JSON decode error", type: "json_invalid" }]);
  }
}

type Serve = (c: Context) => Promise<Response> | Response;

export class Router {
  private readonly handlers = new Map<OperationId, Serve>();

  constructor(
    private readonly app: Hono,
    private readonly blobs: Blobs,
    private readonly limits: RouterLimits,
    /** The API generation served; undefined serves every one. */
    readonly generation?: ApiGeneration,
  ) {}

  /** Serves `operationId` with `handler`, at the method and path the spec gives it. */
  on<Id extends OperationId>(operationId: Id, handler: Handler<Id>): this {
    this.handlers.set(operationId, (c) => this.serve(operationId, c, handler));
    return this;
  }

  /**
   * After every handler, the routes, most specific first: each operation with its handler
   * (501 for one without, whatever its input), the other generation's as unknown routes,
   * then 405 for another method on a served path and 404 for any other path.
   */
  finish(): void {
    const routes = (Object.keys(operations) as OperationId[]).map((operationId) => {
      const { method, path } = operations[operationId];
      const served = serves(this.generation, operationId);
      const serve: Serve = !served
        ? (c) => send(c, refuse(404, UNKNOWN_ROUTE))
        : (this.handlers.get(operationId) ??
          ((c) => send(c, refuse(501, `${operationId} is not implemented by the sandbox yet.`))));
      return { method, path: path.replace(/\{([^}]+)\}/g, ":$1"), served, serve };
    });
    routes.sort((a, b) => mostSpecificFirst(a.path, b.path));
    const methodsByPath = new Map<string, string[]>();
    for (const { method, path, served, serve } of routes) {
      this.app.on(method, path, serve);
      if (served) methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), method]);
    }
    for (const [path, methods] of methodsByPath) {
      this.app.all(path, (c) => send(c, refuse(405, "Method Not Allowed", { allow: methods.join(", ") })));
    }
    this.app.notFound((c) => send(c, refuse(404, UNKNOWN_ROUTE)));
  }

  private async serve<Id extends OperationId>(operationId: Id, c: Context, handler: Handler<Id>): Promise<Response> {
    const schemas = requestSchemas[operationId] ?? {};
    const path = c.req.param() as Record<string, unknown>;
    const badPath = schemas.path && invalid(schemaIssues(schemas.path, path), "path", path);
    if (badPath) return send(c, badPath);
    const query: Record<string, unknown> = c.req.query();
    const badQuery = schemas.query && invalid(conform(schemas.query, query), "query", query);
    if (badQuery) return send(c, badQuery);

    let body: unknown;
    let files: UploadedFile[] = [];
    const kind = operations[operationId].body;
    if (kind === "json") {
      body = await jsonBody(c, this.limits.maxJsonBytes);
      if (body instanceof Refusal) return send(c, body);
      const badBody = schemas.body && invalid(schemaIssues(schemas.body, body), "body", body);
      if (badBody) return send(c, badBody);
    } else if (kind === "multipart") {
      const form = await readMultipart(c, this.blobs, {
        maxFileBytes: this.limits.maxUploadBytes,
        maxRequestBytes: this.limits.maxRequestBytes,
      });
      if ("tooLarge" in form) {
        return send(
          c,
          form.tooLarge === "file"
            ? refuse(413, `File too large. The maximum size is ${formatBytes(this.limits.maxUploadBytes)} per file.`)
            : refuse(
                413,
                `Request body too large. The maximum size is ${formatBytes(this.limits.maxRequestBytes)} per request.`,
              ),
        );
      }
      if ("refused" in form) return send(c, refuse(400, form.refused));
      if ("malformed" in form) return send(c, refuse(400, "There was an error parsing the body"));
      files = form.files;
      const fields: MultipartForm = { ...form.fields };
      for (const file of files) {
        const previous = fields[file.field];
        fields[file.field] = previous === undefined ? file : ([previous, file].flat() as UploadedFile[]);
      }
      body = fields;
    }
    try {
      const badForm =
        kind === "multipart" &&
        schemas.body &&
        invalid(conform(schemas.body, body as Record<string, unknown>), "body", body);
      if (badForm) return send(c, badForm);
      return send(c, await handler({ c, path, query, body, files } as Input<Id>));
    } finally {
      // Whatever the handler did not keep is forgotten.
      for (const file of files) file.draft.discard();
    }
  }
}

/**
 * The files of a form field; a text field there is refused with FastAPI's 422 (the spec's
 * schema, checked first, refuses it the same way).
 */
export function filesOf(form: MultipartForm, field: string): UploadedFile[] | Refusal {
  const values = [form[field] ?? []].flat();
  const text = values.findIndex((value) => typeof value === "string");
  if (text < 0) return values as UploadedFile[];
  const loc = Array.isArray(form[field]) ? ["body", field, text] : ["body", field];
  return refuse(422, [{ loc, msg: "Value error, Expected UploadFile, received: <class 'str'>", type: "value_error" }]);
}

export function send(c: Context, answer: unknown): Response {
  if (answer instanceof Response) return answer;
  if (answer instanceof Refusal) return c.json({ detail: answer.detail }, answer.status as 400, answer.headers);
  return c.json(answer as object, 200);
}
