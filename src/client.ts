import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { readEnv } from "./core/env.js";
import { NugenError } from "./core/errors.js";
import { createLogger, isLogLevel } from "./core/logger.js";
import {
  type ClientOptions,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type RequestOptions,
} from "./core/options.js";
import { adaptiveRequest } from "./core/plain-request.js";
import { type Secret, createSecret } from "./core/secret.js";
import { type CallOptions, type Send, createTransport } from "./core/transport.js";
import { AlignmentProjects } from "./resources/alignment-projects.js";
import { Models } from "./resources/models.js";

/** What every resource method hands to openapi-fetch besides its path, params and body. */
export type CallInit = {
  signal?: AbortSignal;
  fetch: (request: Request) => Promise<Response>;
};

export class Nugen {
  /** The typed openapi-fetch client, with auth, retries, timeouts and typed errors applied. */
  readonly api: Client<paths>;
  readonly baseUrl: string;
  readonly models: Models;
  readonly alignmentProjects: AlignmentProjects;
  readonly #send: Send;
  readonly #secret: Secret;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? readEnv("NUGEN_API_KEY");
    if (typeof apiKey !== "string" || apiKey.trim() === "") {
      throw new NugenError(
        "Missing API key: pass `apiKey` to `new Nugen({ apiKey })` or set the NUGEN_API_KEY environment variable.",
      );
    }
    this.baseUrl = checkedBaseUrl(options.baseUrl ?? readEnv("NUGEN_BASE_URL") ?? DEFAULT_BASE_URL);
    const secret = createSecret(apiKey.trim());
    this.#secret = secret;
    if (options.logLevel !== undefined && !isLogLevel(options.logLevel)) {
      throw new NugenError(`Invalid logLevel ${JSON.stringify(options.logLevel)}: use debug, info, warn, error or off.`);
    }
    this.#send = createTransport({
      secret,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: checkedTimeout(options.timeoutMs, "timeoutMs") ?? DEFAULT_TIMEOUT_MS,
      maxRetries: checkedRetries(options.maxRetries, "maxRetries") ?? DEFAULT_MAX_RETRIES,
      logger: createLogger(options.logLevel, options.logger ?? console, secret.scrub),
    });
    const send = this.#send;
    const requests = adaptiveRequest();
    this.api = createClient<paths>({ baseUrl: this.baseUrl, headers: options.headers, fetch: (request) => send(request), Request: requests.Request });
    // Middleware may use any part of a Request, so from the first one on, requests are real.
    const use = this.api.use.bind(this.api);
    this.api.use = (...middleware) => {
      requests.useRealRequests();
      use(...middleware);
    };
    this.models = new Models(this);
    this.alignmentProjects = new AlignmentProjects(this);
  }

  /** @internal Removes the API key from a value an error will carry. */
  readonly redact = <T>(value: T): T => this.#secret.scrubDeep(value);

  /** Per-call options turned into what openapi-fetch takes. Used by the resources. */
  callInit(options: CallOptions = {}): CallInit {
    checkedTimeout(options.timeoutMs, "options.timeoutMs");
    checkedRetries(options.maxRetries, "options.maxRetries");
    const send = this.#send;
    return { signal: options.signal, fetch: (request) => send(request, options) };
  }
}

export type { ClientOptions, RequestOptions };

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Refuses a URL that would send the key in clear text over a network. */
function checkedBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new NugenError(`Invalid baseUrl ${JSON.stringify(raw)}: expected an absolute URL such as ${DEFAULT_BASE_URL}.`);
  }
  const secure = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.test(url.hostname));
  if (!secure) {
    throw new NugenError(
      `Refusing baseUrl ${url.origin}: the API key would travel in clear text. Use https:// (plain http:// is allowed only for localhost).`,
    );
  }
  return raw.replace(/\/+$/, "");
}

function checkedTimeout(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value > 0)) {
    throw new NugenError(`Invalid ${name} ${String(value)}: expected a positive number of milliseconds.`);
  }
  return value;
}

function checkedRetries(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new NugenError(`Invalid ${name} ${String(value)}: expected a whole number, 0 or more.`);
  }
  return value;
}
