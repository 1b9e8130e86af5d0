/**
 * Answer engines: created from files (indexed at once with the sandbox's retrieval) and S3
 * sources (kept, not readable here); asked questions in threads, answered from the passages
 * found; searched without answering; given stored system prompts.
 */
import { engineAnswer } from "../inference/answers.js";
import { choiceOf, promptTokensOf } from "../inference/generation.js";
import { modelFor, type Use } from "../inference/models.js";
import { round } from "../inference/text.js";
import {
  engineRequestOf,
  engineView,
  newEngine,
  type StoredPrompt,
  type ThreadRecord,
  withPrompt,
  withTurn,
} from "../lifecycle/answer-engines.js";
import { extensionOf, TEXT_EXTENSIONS } from "../lifecycle/documents.js";
import { filesOf, Refusal, type Router, refuse } from "../routing.js";
import type { World } from "../world.js";

/** Passages an answer or a search uses when the request does not say. */
const DEFAULT_TOP_K = 5;

const notFound = (id: string) => refuse(404, { message: "Answer engine not found", answer_engine_id: id });

export function answerEngineRoutes(router: Router, world: World): void {
  const { store } = world;

  router.on("createAnswerEngine", ({ body }) => {
    const files = filesOf(body, "documents");
    if (files instanceof Refusal) return files;
    const request = engineRequestOf(body);
    if (files.length === 0 && request.s3Uris.length === 0 && !request.s3Prefix)
      return refuse(400, "At least one source is required: documents, s3_uris or s3_prefix.");
    const unsupported = files.find((file) => !TEXT_EXTENSIONS.includes(extensionOf(file.filename)));
    if (unsupported)
      return refuse(
        400,
        `Unsupported file type: '${unsupported.filename}'. The sandbox indexes text-based files only (${TEXT_EXTENSIONS.map((extension) => `.${extension}`).join(", ")}).`,
      );
    const roles: [string, Use][] = [
      [request.modelLlm, "chat completions"],
      [request.modelEmbedding, "embeddings"],
      ...(request.modelReranker ? [[request.modelReranker, "reranking"] as [string, Use]] : []),
    ];
    for (const [id, use] of roles) {
      const served = modelFor(world, id, use);
      if (served instanceof Refusal) return served;
    }
    for (const file of files) file.draft.keep();
    const record = newEngine(
      request,
      files.map((file) => ({ filename: file.filename, sha256: file.sha256, size: file.size })),
      world,
    );
    record.chunkCount = world.engineRetriever(record).size;
    store.answerEngines.put(record);
    return { data: engineView(record) };
  });

  router.on("chatWithAnswerEngine", ({ path, body }) => {
    const engine = store.answerEngines.get(path.id);
    if (!engine) return notFound(path.id);
    let thread: ThreadRecord | undefined;
    if (body.conv_thread_id !== undefined) {
      thread = store.threads.get(body.conv_thread_id);
      if (!thread || thread.engineId !== engine.id)
        return refuse(404, { message: "Conversation thread not found", conv_thread_id: body.conv_thread_id });
    }
    let prompt: StoredPrompt | undefined;
    if (body.prompt_id !== undefined) {
      prompt = engine.prompts.find((stored) => stored.id === body.prompt_id);
      if (!prompt) return refuse(404, { message: "Prompt not found", prompt_id: body.prompt_id });
    } else {
      prompt = engine.prompts.find((stored) => stored.id === engine.activePromptId);
    }
    const modelLlm = body.model_llm ?? engine.modelLlm;
    const served = modelFor(world, modelLlm, "chat completions");
    if (served instanceof Refusal) return served;

    // Agentic mode searches the question with what the thread asked before it.
    const previous = thread?.turns.at(-1);
    const rewritten =
      body.mode === "agentic" ? (previous ? `${body.query} (following up on ${previous.query})` : body.query) : null;
    const retriever = world.engineRetriever(engine);
    const { hits, coverage } = retriever.retrieve(rewritten ?? body.query, body.top_k ?? DEFAULT_TOP_K);
    const choice = choiceOf(engineAnswer(engine, retriever, hits, body.query), engine.maxTokens);
    const answer = choice.tokens.join("");
    const queryId = world.newId("query_");
    const threadId = thread?.id ?? world.newId("thread_");
    store.threads.put(
      withTurn(thread, threadId, engine.id, {
        queryId,
        query: body.query,
        rewrittenQuery: rewritten,
        answer,
        at: world.now(),
      }),
    );
    const inputTokens = promptTokensOf([
      prompt?.text ?? engine.systemPrompt ?? "",
      rewritten ?? body.query,
      ...hits.map((hit) => hit.text),
    ]);
    return {
      answer_engine_id: engine.id,
      query: body.query,
      answer,
      conv_thread_id: threadId,
      query_id: queryId,
      model_llm: modelLlm,
      metadata: {
        mode: body.mode ?? "vanilla",
        top_k: body.top_k ?? DEFAULT_TOP_K,
        passages_used: hits.length,
        sources: [...new Set(hits.map((hit) => hit.filename))],
        thread_turns: (thread?.turns.length ?? 0) + 1,
        finish_reason: choice.finishReason,
      },
      rewritten_query: rewritten,
      relevance_score: hits.length > 0 ? round(coverage, 2) : 0,
      token_usage: {
        input_tokens: inputTokens,
        output_tokens: choice.tokens.length,
        total_tokens: inputTokens + choice.tokens.length,
      },
      prompt_id: prompt?.id ?? null,
      prompt_name: prompt?.name ?? null,
    };
  });

  router.on("retrieveFromAnswerEngine", ({ path, body }) => {
    const engine = store.answerEngines.get(path.id);
    if (!engine) return notFound(path.id);
    const started = performance.now();
    const retriever = world.engineRetriever(engine);
    const found = retriever.search(body.query, body.top_k ?? DEFAULT_TOP_K);
    return {
      answer_engine_id: engine.id,
      query: body.query,
      documents: found.map((passage) => ({
        chunk_id: `chunk_${passage.id}`,
        content: passage.text,
        source: passage.filename,
        score: passage.relevance,
      })),
      metadata: {
        total_chunks_searched: retriever.size,
        retrieval_time_ms: round(performance.now() - started, 2),
        message: found.length > 0 ? null : "No passage matches the query.",
      },
    };
  });

  router.on("updateAnswerEngineSystemPrompt", ({ path, body }) => {
    const engine = store.answerEngines.get(path.id);
    if (!engine) return notFound(path.id);
    const { engine: updated, prompt, replaced } = withPrompt(engine, body.prompt_name, body.prompt_text, world);
    store.answerEngines.put(updated);
    return {
      answer_engine_id: engine.id,
      prompt_id: prompt.id,
      prompt_name: prompt.name,
      message: replaced ? "System prompt updated successfully" : "System prompt stored successfully",
    };
  });
}
