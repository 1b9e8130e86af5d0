/**
 * What every model kind does with a call's options: `providerOptions.nugen` split into the
 * SDK's inference options (`sessionId`, `provider`) and body fields, passed under the names
 * the spec gives them (the SDK checks them against the spec before sending); the call's
 * headers and abort signal; and a warning for each setting Nugen does not take.
 */
import { InvalidArgumentError, type SharedV4ProviderOptions, type SharedV4Warning } from "@ai-sdk/provider";
import type { InferenceOptions } from "nugen";

/** The key of Nugen's options in `providerOptions`, and of its extras in `providerMetadata`. */
export const PROVIDER_KEY = "nugen";

/** The SDK's per-call options that travel as headers rather than in the body. */
const REQUEST_OPTION_NAMES = ["sessionId", "provider"] as const;

export interface CallBasics {
  providerOptions?: SharedV4ProviderOptions;
  headers?: Record<string, string | undefined>;
  abortSignal?: AbortSignal;
}

export interface PreparedCall {
  /** Body fields from `providerOptions.nugen`, to lay over the standard settings. */
  extraBody: Record<string, unknown>;
  request: InferenceOptions;
  warnings: SharedV4Warning[];
}

/**
 * `reserved` names the body fields the model itself sets (`model`, `messages`, `stream`, ...):
 * given in provider options, they are ignored with a warning rather than break the call.
 */
export function prepareCall(call: CallBasics, reserved: readonly string[]): PreparedCall {
  const warnings: SharedV4Warning[] = [];
  const extraBody: Record<string, unknown> = {};
  const request: InferenceOptions = {};
  for (const [name, value] of Object.entries(call.providerOptions?.[PROVIDER_KEY] ?? {})) {
    if (value === undefined) continue;
    if ((REQUEST_OPTION_NAMES as readonly string[]).includes(name)) {
      if (typeof value !== "string") {
        throw new InvalidArgumentError({
          argument: `providerOptions.${PROVIDER_KEY}.${name}`,
          message: `providerOptions.${PROVIDER_KEY}.${name} must be a string (got ${typeof value}).`,
        });
      }
      request[name as (typeof REQUEST_OPTION_NAMES)[number]] = value;
    } else if (reserved.includes(name)) {
      warnings.push({
        type: "other",
        message: `providerOptions.${PROVIDER_KEY}.${name} is ignored: the provider sets ${name} itself.`,
      });
    } else {
      extraBody[name] = value;
    }
  }
  const headers = Object.fromEntries(
    Object.entries(call.headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  if (Object.keys(headers).length > 0) request.headers = headers;
  if (call.abortSignal) request.signal = call.abortSignal;
  return { extraBody, request, warnings };
}

/** A warning for each setting that was given but that this model kind of Nugen does not take. */
export function unsupportedSettings(
  settings: Record<string, unknown>,
  details: Record<string, string>,
): SharedV4Warning[] {
  return Object.entries(details)
    .filter(([name]) => settings[name] !== undefined)
    .map(([feature, why]) => ({ type: "unsupported", feature, details: why }));
}

/** A body without its undefined fields, so the request (and `request.body`) holds only what is sent. */
export function defined<T extends Record<string, unknown>>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter((entry) => entry[1] !== undefined)) as T;
}
