/**
 * The type of `nugen.api`: openapi-fetch's client, said as it behaves here. The transport
 * throws a NugenError for every failure, so a call resolves only to `{ data, response }`;
 * there is no `error` member to check (openapi-fetch's own type would promise one).
 */
import createClient, { type MaybeOptionalInit, type Middleware } from "openapi-fetch";
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import { NugenError } from "./errors.js";
import type { Send } from "./transport.js";

// As openapi-fetch's own (not exported): the init is optional when nothing in it is required.
type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

/**
 * What a call resolves to: the 200 answer as the spec types it (the transport has checked it
 * is there and of the documented JSON type) and the `response`. Taken from the operation
 * itself: openapi-fetch's `Readable<>` would widen the known statuses to `string`.
 */
export type Answered<Operation> = {
  data: Operation extends { responses: { 200: { content: { "application/json": infer T } } } } ? T : unknown;
  response: Response;
};

/** The operation object of a path and method (`paths["/x"]["get"]`), found without index constraints. */
type OperationAt<Paths, Path, Method> = Path extends keyof Paths
  ? Method extends keyof Paths[Path]
    ? Extract<Paths[Path][Method], Record<string | number, any>>
    : never
  : never;

export type ThrowingMethod<Paths extends {}, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path] & Record<Method, unknown>, Method>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<Answered<OperationAt<Paths, Path, Method>>>;

export interface ThrowingClient<Paths extends {}> {
  GET: ThrowingMethod<Paths, "get">;
  POST: ThrowingMethod<Paths, "post">;
  PUT: ThrowingMethod<Paths, "put">;
  PATCH: ThrowingMethod<Paths, "patch">;
  DELETE: ThrowingMethod<Paths, "delete">;
  /** Registers openapi-fetch middleware for `nugen.api` calls (resource methods do not pass through it). */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

/**
 * `nugen.api`: openapi-fetch's client over the SDK's transport. openapi-fetch builds a real
 * Request (its middleware may use any part of one); the transport sends what it holds and
 * hands back a Response carrying the text it has already read and checked. Resource calls
 * do not pass through here, so middleware registered on `nugen.api` changes only its calls.
 */
export function createTypedApi<Paths extends {}>(baseUrl: string, send: Send): ThrowingClient<Paths> {
  const origin = new URL(baseUrl).origin;
  const client = createClient<Paths>({
    baseUrl,
    fetch: async (request: Request) => {
      // A path such as ":9/x" would move the call to another port: the key goes only to baseUrl's origin.
      const target = new URL(request.url);
      if (target.origin !== origin) {
        throw new NugenError(
          `Refusing to send the API key to ${target.origin}: nugen.api calls only ${origin} (write paths such as "/api/v3/models/aligned").`,
        );
      }
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const body = request.body ? await request.blob() : undefined;
      const answer = await send(
        { method: request.method, url: request.url, headers, body },
        { signal: request.signal },
      );
      const { response } = answer;
      const text = answer.kind === "data" ? answer.text : null;
      const bodiless = response.status === 204 || response.status === 205 || response.status === 304;
      return new Response(bodiless ? null : text, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    },
  });
  return client as unknown as ThrowingClient<Paths>;
}
