/**
 * The type of `nugen.api`: openapi-fetch's client, said as it behaves here. The transport
 * throws a NugenError for every failure, so a call resolves only to `{ data, response }`;
 * there is no `error` member to check (openapi-fetch's own type would promise one).
 */
import type { MaybeOptionalInit, Middleware } from "openapi-fetch";
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";

// As openapi-fetch's own (not exported): the init is optional when nothing in it is required.
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

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
type OperationAt<Paths, Path, Method> = Path extends keyof Paths ? (Method extends keyof Paths[Path] ? Extract<Paths[Path][Method], Record<string | number, any>> : never) : never;

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
  /** Registers openapi-fetch middleware (from then on, requests are real Request objects). */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}
