/**
 * What every API method returns: a Promise of the data, which can also give the raw
 * Response and the request id, as openai-node's APIPromise does:
 *
 *   const models = await nugen.models.listAligned();
 *   const { data, response, requestId } = await nugen.models.listAligned().withResponse();
 */
export interface WithResponse<T> {
  data: T;
  response: Response;
  /** The `x-request-id` header, to quote to support. */
  requestId: string | undefined;
}

export class APIPromise<T> implements PromiseLike<T> {
  readonly #result: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  constructor(result: Promise<WithResponse<T>>) {
    this.#result = result;
  }

  /** The data with the HTTP response it came in and its request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  /** The raw Response (its body has been read; its headers and status remain). */
  asResponse(): Promise<Response> {
    return this.#result.then((result) => result.response);
  }

  // Made on first use, so an APIPromise only used through withResponse() leaves no stray rejection.
  #dataPromise(): Promise<T> {
    this.#data ??= this.#result.then((result) => result.data);
    return this.#data;
  }

  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: any) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#dataPromise().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.#dataPromise().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#dataPromise().finally(onFinally);
  }

  get [Symbol.toStringTag](): string {
    return "APIPromise";
  }
}
