import { APIError } from "../core/errors.js";

/**
 * The data of an openapi-fetch result, checked to be the JSON object every operation of
 * this API answers with. Fields are not validated (the live API adds and varies them), but
 * a helper must never hand back a number or null where its type promises an object.
 */
export function dataOf<T>(result: { data?: T; response: Response }, redact: Redact): T {
  const { data, response } = result;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw unexpectedShape(response, data, "a JSON object", redact);
  }
  return data;
}

/** Removes the API key from anything an error will carry (the server may echo it). */
export type Redact = <T>(value: T) => T;

export function unexpectedShape(response: Response, data: unknown, expected: string, redact: Redact): APIError {
  const got = (JSON.stringify(data) ?? String(data)).slice(0, 100);
  return new APIError(response.status, redact(data), {}, redact(`${response.status} with an unexpected body: expected ${expected}, got ${got}`));
}
