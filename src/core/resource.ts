import type { Logger } from "./logger.js";
import type { Requester } from "./request.js";

/** What a resource is given by the client: a way to call an operation, and the logger. Never the key. */
export interface ClientContext {
  request: Requester;
  logger: Logger;
}
