/**
 * Inference: chat and text completions (JSON or a stream of events), embeddings and
 * reranking. Base models always answer; an aligned model answers only while DEPLOYED, from
 * the passages of its training documents that match the prompt.
 */
import type { Context } from "hono";
import type { components } from "../../../generated/openapi.js";
import type { Faults } from "../faults.js";
import { type Answer, alignedAnswer, baseAnswer } from "../inference/answers.js";
import { embed } from "../inference/embeddings.js";
import { type Sleep, eventStreamResponse } from "../inference/event-stream.js";
import { type Choice, type Generation, choiceOf, promptTokensOf } from "../inference/generation.js";
import { EMBEDDING_DIMENSIONS, type ServedModel, modelFor } from "../inference/models.js";
import { documentText, relevanceScores } from "../inference/relevance.js";
import { RetrieverCache } from "../inference/retrieval.js";
import { type Meta, chatCompletion, textCompletion } from "../inference/shapes.js";
import { streamEvents } from "../inference/stream-events.js";
import { countTokens } from "../inference/text.js";
import { entryOf, note } from "../request-log.js";
import { Refusal, type Router, refuse } from "../routing.js";
import type { World } from "../world.js";

type Schemas = components["schemas"];

export interface InferenceSettings {
  /** Pace of streamed tokens, per second; 0 sends them as fast as possible. */
  tokensPerSecond: number;
  faults: Faults;
  /** The wait before each streamed token. */
  sleep: Sleep;
  log?: (line: string) => void;
}

/** The throughput reported when tokens are not paced. */
export const NOMINAL_TOKENS_PER_SECOND = 200;
/** Most choices one request may ask for (n, times the prompts of a text completion). */
const MAX_CHOICES = 64;
const OPTIONAL_HEADERS = ["x-session-id", "x-provider"];
const TWO_STAGE_METHODS = ["standard", "optimal"];

/** A message's text: the string, or its text parts (images carry none). */
function textOf(content: Schemas["ChatMessage"]["content"]): string {
  if (typeof content === "string") return content;
  return (content ?? []).flatMap((part) => (part.type === "text" && "text" in part ? [part.text] : [])).join(" ");
}

/** The prompts of a text completion as texts: token ids are read as their numbers. */
function promptsOf(prompt: Schemas["CompletionRequest"]["prompt"]): string[] {
  if (typeof prompt === "string") return [prompt];
  const items = prompt as (string | number | number[])[];
  // One list of token ids is one prompt; a list of strings or of id lists, one prompt each.
  if (items.every((item) => typeof item === "number")) return [items.join(" ")];
  return items.map((item) => (Array.isArray(item) ? item.join(" ") : String(item)));
}

export function inferenceRoutes(router: Router, world: World, settings: InferenceSettings): void {
  const retrievers = new RetrieverCache();

  const answerFor = (served: ServedModel, question: string): Answer => {
    if (!served.aligned) return baseAnswer(served.id, question);
    const { key, sources } = world.trainingDocuments(served.aligned);
    return alignedAnswer(served.id, retrievers.get(served.id, key, sources), question);
  };

  /** The optional headers as FastAPI checks them (1 to 256 characters); noted in the log. */
  const checkHeaders = (c: Context, model: string): Refusal | undefined => {
    for (const name of OPTIONAL_HEADERS) {
      const value = c.req.header(name);
      if (value === undefined) continue;
      if (value.length === 0) return refuse(422, [{ loc: ["header", name], msg: "String should have at least 1 character", type: "string_too_short" }]);
      if (value.length > 256) return refuse(422, [{ loc: ["header", name], msg: "String should have at most 256 characters", type: "string_too_long" }]);
    }
    note(c, `model=${model}`);
    for (const name of OPTIONAL_HEADERS) if (c.req.header(name)) note(c, `${name.slice(2)}=${c.req.header(name)}`);
    return undefined;
  };

  /** The token rate of this request: its header's, else the sandbox's. */
  const rateOf = (c: Context): number => {
    const raw = c.req.header("x-sandbox-tokens-per-second");
    const value = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : settings.tokensPerSecond;
  };

  const metaOf = (c: Context, served: ServedModel): Meta => {
    const created = Math.floor(world.now() / 1000);
    return { id: `chatcmpl-${served.id}-${created}`, created, model: served.servedAs, systemFingerprint: `sandbox-${c.req.header("x-provider") ?? "default"}` };
  };

  /** The generation as JSON, or as a stream paced at the request's token rate. */
  const complete = (c: Context, kind: "chat" | "text", served: ServedModel, stream: boolean | undefined, parts: { choices: Choice[]; promptTokens: number; confidence: number | null }) => {
    const rate = rateOf(c);
    const generation: Generation = { ...parts, tokensPerSecond: rate > 0 ? rate : NOMINAL_TOKENS_PER_SECOND };
    const meta = metaOf(c, served);
    if (!stream) return kind === "chat" ? chatCompletion(meta, generation) : textCompletion(meta, generation);
    const events = streamEvents(kind, meta, generation, rate);
    const { id } = entryOf(c);
    return eventStreamResponse(c, events, settings.faults.streamFaultsFor(c.req.raw.headers), settings.sleep, (outcome, sent) => {
      settings.log?.(`${new Date(world.now()).toISOString()} stream ${id} ${outcome} after ${sent} of ${events.length} events`);
    });
  };

  router.on("createChatCompletion", ({ c, body }) => {
    const headerProblem = checkHeaders(c, body.model);
    if (headerProblem) return headerProblem;
    const served = modelFor(world, body.model, "chat completions");
    if (served instanceof Refusal) return served;
    const n = body.n ?? 1;
    if (n > MAX_CHOICES) return refuse(400, `n must be at most ${MAX_CHOICES}.`);
    const texts = body.messages.map((message) => textOf(message.content));
    // The question is the last user message (the last message if none is the user's).
    const asked = [...body.messages].reverse().find((message) => message.role === "user") ?? body.messages.at(-1);
    const answer = answerFor(served, textOf(asked?.content ?? null));
    const choice = choiceOf(answer.text, body.max_tokens ?? 2000);
    return complete(c, "chat", served, body.stream, {
      choices: Array.from({ length: n }, () => choice),
      promptTokens: promptTokensOf(texts, body.prompt_truncate_len ?? 1500),
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
    if (prompts.length * n > MAX_CHOICES) return refuse(400, `Too many completions asked: ${prompts.length * n} (prompts × n), at most ${MAX_CHOICES}.`);
    const stop = body.stop === undefined ? [] : [body.stop].flat();
    const answers = prompts.map((prompt) => answerFor(served, prompt));
    // A continuation of the prompt: it starts with a space, as the live API's do.
    const choices = answers.flatMap((answer) => Array.from({ length: n }, () => choiceOf(` ${answer.text}`, body.max_tokens ?? 16, stop)));
    return complete(c, "text", served, body.stream, { choices, promptTokens: promptTokensOf(prompts), confidence: answers[0]?.confidence ?? null });
  });

  router.on("createEmbeddings", ({ c, body }) => {
    const headerProblem = checkHeaders(c, body.model);
    if (headerProblem) return headerProblem;
    const served = modelFor(world, body.model, "embeddings");
    if (served instanceof Refusal) return served;
    const dimensions = body.dimensions ?? EMBEDDING_DIMENSIONS;
    if (dimensions > EMBEDDING_DIMENSIONS) return refuse(400, `Model ${body.model} makes vectors of at most ${EMBEDDING_DIMENSIONS} dimensions, not ${dimensions}.`);
    const inputs = [body.input].flat();
    const tokens = inputs.reduce((sum, text) => sum + countTokens(text), 0);
    return {
      object: "list",
      data: inputs.map((text, index) => ({ object: "embedding", index, embedding: embed(text, dimensions), raw_output: null })),
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
    const method = body.method ?? "fast";
    const twoStage = TWO_STAGE_METHODS.includes(method);
    const stage1TopK = body.stage1_top_k ?? 100;
    // Documents are truncated to max_tokens_per_doc words before scoring.
    const limit = body.max_tokens_per_doc ?? 512;
    const texts = body.documents.map((document) => documentText(document).split(/\s+/).slice(0, limit).join(" "));
    const scores = relevanceScores(body.query, texts);
    let ranked = texts.map((_text, index) => index).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
    // The second stage sees only the first stage's best candidates.
    if (twoStage) ranked = ranked.slice(0, stage1TopK);
    return {
      results: ranked.slice(0, body.top_n ?? ranked.length).map((index) => ({
        index,
        relevance_score: scores[index] ?? 0,
        ...(body.return_documents ? { document: body.documents[index] } : {}),
      })),
      meta: { method, model: body.model, ...(twoStage ? { model_cross: body.model_cross, stage1_top_k: stage1TopK } : {}), documents: texts.length },
    };
  });
}
