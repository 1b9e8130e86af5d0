/**
 * Inference: chat and text completions (JSON or a stream of events), embeddings and
 * reranking. Base models always answer; an aligned model answers only while DEPLOYED, from
 * the passages of its training documents that match the prompt (World.answer).
 */
import type { Context } from "hono";
import { embed } from "../inference/embeddings.js";
import { type Choice, choiceOf, pacedAt, promptTokensOf } from "../inference/generation.js";
import { EMBEDDING_DIMENSIONS, modelFor, type ServedModel } from "../inference/models.js";
import { promptsOf, questionOf, textOf } from "../inference/prompts.js";
import { reranked } from "../inference/relevance.js";
import { chatCompletion, type Meta, textCompletion } from "../inference/shapes.js";
import { streamEvents } from "../inference/stream-events.js";
import { countTokens } from "../inference/text.js";
import { headerProblem, PROVIDER_HEADER, SESSION_HEADER } from "../optional-headers.js";
import { note } from "../request-log.js";
import { Refusal, type Router, refuse } from "../routing.js";
import type { EventStreams } from "../streams.js";
import type { World } from "../world.js";

/** Most choices one request may ask for (n, times the prompts of a text completion). */
const MAX_CHOICES = 64;
const OPTIONAL_HEADERS = [SESSION_HEADER, PROVIDER_HEADER];

export function inferenceRoutes(router: Router, world: World, streams: EventStreams): void {
  /** The optional headers, checked, and noted in the log with the model. */
  const checkHeaders = (c: Context, model: string): Refusal | undefined => {
    const problem = headerProblem(c, OPTIONAL_HEADERS);
    if (problem) return problem;
    note(c, `model=${model}`);
    for (const name of OPTIONAL_HEADERS) if (c.req.header(name)) note(c, `${name.slice(2)}=${c.req.header(name)}`);
    return undefined;
  };

  /** The generation as JSON, or as a stream paced at the request's token rate. */
  const complete = (
    c: Context,
    kind: "chat" | "text",
    served: ServedModel,
    stream: boolean | undefined,
    parts: { choices: Choice[]; promptTokens: number; confidence: number | null },
  ) => {
    const rate = streams.tokensPerSecond(c);
    const generation = pacedAt(parts, rate);
    const created = Math.floor(world.now() / 1000);
    const meta: Meta = {
      id: `chatcmpl-${served.id}-${created}`,
      created,
      model: served.servedAs,
      systemFingerprint: `sandbox-${c.req.header(PROVIDER_HEADER) ?? "default"}`,
    };
    if (!stream) return kind === "chat" ? chatCompletion(meta, generation) : textCompletion(meta, generation);
    return streams.respond(c, streamEvents(kind, meta, generation, rate));
  };

  router.on("createChatCompletion", ({ c, body }) => {
    const headerProblem = checkHeaders(c, body.model);
    if (headerProblem) return headerProblem;
    const served = modelFor(world, body.model, "chat completions");
    if (served instanceof Refusal) return served;
    const n = body.n ?? 1;
    if (n > MAX_CHOICES) return refuse(400, `n must be at most ${MAX_CHOICES}.`);
    const answer = world.answer(served.id, questionOf(body.messages), served.aligned);
    const choice = choiceOf(answer.text, body.max_tokens ?? 2000);
    return complete(c, "chat", served, body.stream, {
      choices: Array.from({ length: n }, () => choice),
      promptTokens: promptTokensOf(
        body.messages.map((message) => textOf(message.content)),
        body.prompt_truncate_len ?? 1500,
      ),
      confidence: answer.confidence,
    });
  });

  router.on("createCompletion", ({ c, body }) => {
    const headerProblem = checkHeaders(c, body.model);
    if (headerProblem) return headerProblem;
    const served = modelFor(world, body.model, "text completions");
    if (served instanceof Refusal) return served;
    const prompts = promptsOf(body.prompt);
    const n = body.n ?? 1;
    if (prompts.length * n > MAX_CHOICES)
      return refuse(400, `Too many completions asked: ${prompts.length * n} (prompts × n), at most ${MAX_CHOICES}.`);
    const stop = body.stop === undefined ? [] : [body.stop].flat();
    const answers = prompts.map((prompt) => world.answer(served.id, prompt, served.aligned));
    // A continuation of the prompt: it starts with a space, as the live API's do.
    const choices = answers.flatMap((answer) =>
      Array.from({ length: n }, () => choiceOf(` ${answer.text}`, body.max_tokens ?? 16, stop)),
    );
    return complete(c, "text", served, body.stream, {
      choices,
      promptTokens: promptTokensOf(prompts),
      confidence: answers[0]?.confidence ?? null,
    });
  });

  router.on("createEmbeddings", ({ c, body }) => {
    const headerProblem = checkHeaders(c, body.model);
    if (headerProblem) return headerProblem;
    const served = modelFor(world, body.model, "embeddings");
    if (served instanceof Refusal) return served;
    const dimensions = body.dimensions ?? EMBEDDING_DIMENSIONS;
    if (dimensions > EMBEDDING_DIMENSIONS)
      return refuse(
        400,
        `Model ${body.model} makes vectors of at most ${EMBEDDING_DIMENSIONS} dimensions, not ${dimensions}.`,
      );
    const inputs = [body.input].flat();
    const tokens = inputs.reduce((sum, text) => sum + countTokens(text), 0);
    return {
      object: "list",
      data: inputs.map((text, index) => ({
        object: "embedding",
        index,
        embedding: embed(text, dimensions),
        raw_output: null,
      })),
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
      created: world.now() / 1000,
    };
  });

  router.on("createRerank", ({ c, body }) => {
    const headerProblem = checkHeaders(c, body.model);
    if (headerProblem) return headerProblem;
    const first = modelFor(world, body.model, "reranking");
    if (first instanceof Refusal) return first;
    const cross = body.model_cross === undefined ? undefined : modelFor(world, body.model_cross, "cross-encoding");
    if (cross instanceof Refusal) return cross;
    return reranked(body);
  });
}
