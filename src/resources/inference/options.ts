import type { RequestOptions } from "../../core/options.js";

/** Per-call options of inference: a conversation's session and the serving backend. */
export interface InferenceOptions extends RequestOptions {
  /** Groups the turns of a conversation; sent as `X-Session-ID`. */
  sessionId?: string;
  /** The serving backend (the server picks a default); sent as `X-Provider`. */
  provider?: string;
}

/** The headers these options stand for, added to the caller's own. */
export function withInferenceHeaders({ sessionId, provider, ...options }: InferenceOptions = {}): RequestOptions {
  if (sessionId === undefined && provider === undefined) return options;
  return {
    ...options,
    headers: {
      ...options.headers,
      ...(sessionId !== undefined ? { "X-Session-ID": sessionId } : {}),
      ...(provider !== undefined ? { "X-Provider": provider } : {}),
    },
  };
}
