/**
 * What openapi-fetch builds for each call, without the cost of a WHATWG Request: a Request
 * turns any body into a one-shot stream, which a retry could not send again and which the
 * transport would have to read back (a whole upload, into memory). Requests are
 * built for real (AdaptiveRequest) once middleware is registered, since middleware may
 * expect every method of a Request.
 */
export class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  /** The body as openapi-fetch built it (a JSON string, a FormData), sent as it is on every attempt. */
  readonly body: BodyInit | null;
  readonly signal: AbortSignal | undefined;

  constructor(url: string, init: RequestInit = {}) {
    this.url = url;
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? undefined;
  }
}

/**
 * The Request constructor handed to openapi-fetch: PlainRequest until `useRealRequests()`
 * is called (when middleware is registered), real Requests after.
 */
export function adaptiveRequest(): { Request: typeof Request; useRealRequests(): void } {
  let real = false;
  // Called with `new`; returning an object from a constructor makes it the result.
  function AdaptiveRequest(url: string, init?: RequestInit) {
    return real ? new Request(url, init) : new PlainRequest(url, init);
  }
  // openapi-fetch checks what middleware returns with `instanceof` its Request option.
  Object.defineProperty(AdaptiveRequest, Symbol.hasInstance, {
    value: (value: unknown) => value instanceof Request || value instanceof PlainRequest,
  });
  return {
    Request: AdaptiveRequest as unknown as typeof Request,
    useRealRequests: () => {
      real = true;
    },
  };
}
