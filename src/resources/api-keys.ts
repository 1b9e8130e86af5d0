import { APIPromise } from "../core/api-promise.js";
import { APIError } from "../core/errors.js";
import type { RequestOptions } from "../core/options.js";
import type { ClientContext } from "../core/resource.js";
import type { ApiKey } from "../types.js";
import { unreadableAnswer } from "./shared.js";

export class ApiKeys {
  constructor(private readonly context: ClientContext) {}

  /**
   * The account's API keys, as the route sends them (a bare list, in camelCase). Each holds
   * its `key`: the SDK never logs one, and an answer it cannot read is refused without
   * quoting it.
   */
  list(options?: RequestOptions): APIPromise<ApiKey[]> {
    return new APIPromise(
      this.context
        .request("listApiKeys", {}, options)
        .withResponse()
        .catch((error: unknown) => {
          // The transport quotes the start of an answer it cannot read; this one may hold keys.
          const unread = unreadableAnswer(error);
          if (!unread) throw error;
          const apiError = error as APIError;
          throw new APIError(
            apiError.status,
            undefined,
            apiError.headers,
            `${apiError.status} with an answer that is not the list of API keys (not shown here: it may hold keys).`,
          );
        }),
    );
  }
}
