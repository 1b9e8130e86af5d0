import { APIError } from "../core/errors.js";

/**
 * The data of an openapi-fetch result. The transport throws for every error status and
 * every unreadable body, so data is there; this narrows the type and guards the impossible.
 */
export function dataOf<T>(result: { data?: T; response: Response }): T {
  if (result.data === undefined) {
    throw new APIError(result.response.status, undefined, {}, `${result.response.status} with no data in the response.`);
  }
  return result.data;
}
