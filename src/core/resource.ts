import type { ApiGeneration } from "./generation.js";
import type { Logger } from "./logger.js";
import type { Requester } from "./request.js";

/** What a resource is given by the client: a way to call an operation, the logger, the server's API generation. Never the key. */
export interface ClientContext {
  request: Requester;
  logger: Logger;
  /** The generation the server speaks (detected once per client), for the few methods whose input or steps differ by it. */
  generation(signal?: AbortSignal): Promise<ApiGeneration>;
}
