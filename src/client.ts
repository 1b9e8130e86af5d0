import type { paths } from "../generated/openapi.js";
import { checkedBaseUrl } from "./core/base-url.js";
import { readEnv } from "./core/env.js";
import { NugenError } from "./core/errors.js";
import {
  checkedGenerationSetting,
  createGenerationResolver,
  type GenerationInfo,
  type GenerationResolver,
} from "./core/generation.js";
import { createLogger, isLogLevel } from "./core/logger.js";
import {
  type ClientOptions,
  checkedHeaders,
  checkedRetries,
  checkedTimeout,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type RequestOptions,
} from "./core/options.js";
import { createRequester } from "./core/request.js";
import type { ClientContext } from "./core/resource.js";
import { createSecret } from "./core/secret.js";
import { createTransport } from "./core/transport.js";
import { createTypedApi, type ThrowingClient } from "./core/typed-api.js";
import { userAgentHeaders } from "./core/user-agent.js";
import { Agents } from "./resources/agents.js";
import { AlignmentProjects } from "./resources/alignment-projects.js";
import { AnswerEngines } from "./resources/answer-engines.js";
import { ApiKeys } from "./resources/api-keys.js";
import { Benchmarks } from "./resources/benchmarks.js";
import { Documents } from "./resources/documents.js";
import { Evaluations } from "./resources/evaluations.js";
import { Chat } from "./resources/inference/chat.js";
import { TextCompletions } from "./resources/inference/completions.js";
import { Embeddings, Rerank } from "./resources/inference/embeddings.js";
import { Models } from "./resources/models.js";

export class Nugen {
  /**
   * The typed openapi-fetch client for any route of the spec, with auth, retries, timeouts
   * and typed errors applied: it throws a NugenError rather than returning `error`.
   */
  readonly api: ThrowingClient<paths>;
  readonly baseUrl: string;
  readonly documents: Documents;
  readonly benchmarks: Benchmarks;
  readonly alignmentProjects: AlignmentProjects;
  readonly models: Models;
  readonly evaluations: Evaluations;
  readonly chat: Chat;
  readonly completions: TextCompletions;
  readonly embeddings: Embeddings;
  readonly rerank: Rerank;
  readonly agents: Agents;
  readonly answerEngines: AnswerEngines;
  readonly apiKeys: ApiKeys;
  readonly #generation: GenerationResolver;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? readEnv("NUGEN_API_KEY");
    if (typeof apiKey !== "string" || apiKey.trim() === "") {
      throw new NugenError(
        "Missing API key: pass `apiKey` to `new Nugen({ apiKey })` or set the NUGEN_API_KEY environment variable.",
      );
    }
    checkKeyCharacters(apiKey.trim(), options.apiKey !== undefined ? "apiKey" : "NUGEN_API_KEY");
    checkedHeaders(options.headers, "headers");
    this.baseUrl = checkedBaseUrl(options.baseUrl ?? readEnv("NUGEN_BASE_URL") ?? DEFAULT_BASE_URL);
    const secret = createSecret(apiKey.trim());
    if (options.logLevel !== undefined && !isLogLevel(options.logLevel)) {
      throw new NugenError(
        `Invalid logLevel ${JSON.stringify(options.logLevel)}: use debug, info, warn, error or off.`,
      );
    }
    const logger = createLogger(options.logLevel, options.logger ?? console, secret);
    const send = createTransport({
      secret,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: checkedTimeout(options.timeoutMs, "timeoutMs") ?? DEFAULT_TIMEOUT_MS,
      maxRetries: checkedRetries(options.maxRetries, "maxRetries") ?? DEFAULT_MAX_RETRIES,
      logger,
      defaultHeaders: { ...userAgentHeaders(), ...options.headers },
    });
    this.api = createTypedApi<paths>(this.baseUrl, send);
    this.#generation = createGenerationResolver(
      checkedGenerationSetting(
        options.apiGeneration ?? readEnv("NUGEN_API_GENERATION"),
        options.apiGeneration === undefined ? "NUGEN_API_GENERATION" : "apiGeneration",
      ),
      this.baseUrl,
      send,
    );
    // What the resources get: a way to call an operation, and the logger. Never the key.
    const generation = this.#generation;
    const context: ClientContext = {
      request: createRequester({ baseUrl: this.baseUrl, send, secret, generation }),
      logger,
      generation: async (signal) => (await generation.resolve(signal)).generation,
    };
    this.documents = new Documents(context);
    this.benchmarks = new Benchmarks(context);
    this.alignmentProjects = new AlignmentProjects(context);
    this.models = new Models(context);
    this.evaluations = new Evaluations(context);
    this.chat = new Chat(context);
    this.completions = new TextCompletions(context);
    this.embeddings = new Embeddings(context);
    this.rerank = new Rerank(context);
    this.agents = new Agents(context);
    this.answerEngines = new AnswerEngines(context);
    this.apiKeys = new ApiKeys(context);
  }

  /**
   * The API generation this client speaks ("2026-07" or "2026-09") and how it was chosen:
   * pinned by `apiGeneration` / NUGEN_API_GENERATION, or detected from the server (once per
   * client; a failed detection is tried again on the next call).
   */
  apiGeneration(options: { signal?: AbortSignal } = {}): Promise<GenerationInfo> {
    return this.#generation.resolve(options.signal);
  }
}

export type { ClientOptions, RequestOptions };

/**
 * The key goes out in a header: a line break or a character outside ASCII would make the
 * runtime throw a TypeError that prints the header, key and all. Said here, never printed.
 */
function checkKeyCharacters(key: string, source: "apiKey" | "NUGEN_API_KEY"): void {
  const at = key.search(/[^\x21-\x7e]/);
  if (at === -1) return;
  const code = key.charCodeAt(at);
  const what =
    code === 10 || code === 13
      ? "a line break"
      : code > 0x7e && code !== 0x7f
        ? "a character outside ASCII"
        : "a space or control character";
  const hint = code === 10 || code === 13 ? " (a key file of two lines?)" : "";
  throw new NugenError(
    `Invalid API key: ${source} holds ${what} at character ${at + 1}${hint}. A key is one word of visible ASCII characters; check ${source === "apiKey" ? "the apiKey option" : "the NUGEN_API_KEY environment variable"}.`,
  );
}
