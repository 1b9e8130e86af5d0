/**
 * Answer engines: created from files (indexed at once with the sandbox's retrieval) and S3
 * sources (kept, not readable here); asked questions in threads, answered from the passages
 * found; searched without answering; given stored system prompts.
 */
import { passagesAnswer } from "../inference/answers.js";
import { choiceOf, promptTokensOf } from "../inference/generation.js";
import { type Use, modelFor } from "../inference/models.js";
import { RetrieverCache } from "../inference/retrieval.js";
import { round, topicOf } from "../inference/text.js";
import { type EngineRecord, type StoredPrompt, type ThreadRecord, engineView, unreadSources } from "../lifecycle/answer-engines.js";
import { TEXT_EXTENSIONS, extensionOf } from "../lifecycle/documents.js";
import { Refusal, type Router, filesOf, refuse } from "../routing.js";
import type { World } from "../world.js";

/** Passages an answer or a search uses when the request does not say. */
const DEFAULT_TOP_K = 5;
const DEFAULT_TEMPERATURE = 0.2;
const DEFAULT_MAX_TOKENS = 600;
/** How much of each file is indexed. */
const INDEXED_BYTES = 1024 * 1024;

const notFound = (id: string) => refuse(404, { message: "Answer engine not found", answer_engine_id: id });
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

export function answerEngineRoutes(router: Router, world: World): void {
  const { store } = world;
  const retrievers = new RetrieverCache();

  const retrieverOf = (engine: EngineRecord) =>
    retrievers.get(engine.id, engine.files.map((file) => file.sha256).join(","), () =>
      engine.files.map((file) => ({ filename: file.filename, text: store.blobs.head(file.sha256, INDEXED_BYTES)?.toString("utf8") ?? "" })),
    );

  router.on("createAnswerEngine", ({ body }) => {
    const files = filesOf(body, "documents");
    if (files instanceof Refusal) return files;
    const s3Uris = [body.s3_uris ?? []].flat().filter((uri): uri is string => typeof uri === "string" && uri !== "");
    const s3Prefix = text(body.s3_prefix) ?? null;
    if (files.length === 0 && s3Uris.length === 0 && !s3Prefix) return refuse(400, "At least one source is required: documents, s3_uris or s3_prefix.");
    const unsupported = files.find((file) => !TEXT_EXTENSIONS.includes(extensionOf(file.filename)));
    if (unsupported) return refuse(400, `Unsupported file type: '${unsupported.filename}'. The sandbox indexes text-based files only (${TEXT_EXTENSIONS.map((extension) => `.${extension}`).join(", ")}).`);
    const modelLlm = String(body.model_llm);
    const modelEmbedding = String(body.model_embedding);
    const modelReranker = text(body.model_reranker) ?? null;
    const roles: [string, Use][] = [[modelLlm, "chat completions"], [modelEmbedding, "embeddings"], ...(modelReranker ? [[modelReranker, "reranking"] as [string, Use]] : [])];
    for (const [id, use] of roles) {
      const served = modelFor(world, id, use);
      if (served instanceof Refusal) return served;
    }
    for (const file of files) file.draft.keep();
    const record: EngineRecord = {
      id: world.newId("ae_"),
      name: String(body.answer_engine_name),
      modelLlm,
      modelEmbedding,
      modelReranker,
      systemPrompt: text(body.system_prompt) ?? null,
      // Form fields arrive as text; the router has made numbers of them where the spec says so.
      temperature: Number(body.temperature ?? DEFAULT_TEMPERATURE),
      maxTokens: Number(body.max_tokens ?? DEFAULT_MAX_TOKENS),
      files: files.map((file) => ({ filename: file.filename, sha256: file.sha256, size: file.size })),
      s3Uris,
      s3Prefix,
      chunkCount: 0,
      createdAt: world.now(),
      prompts: [],
      activePromptId: null,
    };
    record.chunkCount = retrieverOf(record).size;
    store.answerEngines.put(record);
    return { data: engineView(record) };
  });

  router.on("chatWithAnswerEngine", ({ path, body }) => {
    const engine = store.answerEngines.get(path.id);
    if (!engine) return notFound(path.id);
    let thread: ThreadRecord | undefined;
    if (body.conv_thread_id !== undefined) {
      thread = store.threads.get(body.conv_thread_id);
      if (!thread || thread.engineId !== engine.id) return refuse(404, { message: "Conversation thread not found", conv_thread_id: body.conv_thread_id });
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
    const rewritten = body.mode === "agentic" ? (previous ? `${body.query} (following up on ${previous.query})` : body.query) : null;
    const retriever = retrieverOf(engine);
    const { hits, coverage } = retriever.retrieve(rewritten ?? body.query, body.top_k ?? DEFAULT_TOP_K);
    const topic = topicOf(body.query);
    const said =
      engine.files.length === 0
        ? `This engine has no indexed documents, so it cannot say anything about ${topic}. ${unreadSources(engine) ?? ""}`.trim()
        : hits.length > 0
          ? passagesAnswer(hits)
          : `The engine's documents (${retriever.filenames.join(", ")}) say nothing about ${topic}.`;
    const choice = choiceOf(said, engine.maxTokens);
    const answer = choice.tokens.join("");
    const queryId = world.newId("query_");
    const threadId = thread?.id ?? world.newId("thread_");
    store.threads.put({ id: threadId, engineId: engine.id, turns: [...(thread?.turns ?? []), { queryId, query: body.query, rewrittenQuery: rewritten, answer, at: world.now() }] });
    const inputTokens = promptTokensOf([prompt?.text ?? engine.systemPrompt ?? "", rewritten ?? body.query, ...hits.map((hit) => hit.text)]);
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
      token_usage: { input_tokens: inputTokens, output_tokens: choice.tokens.length, total_tokens: inputTokens + choice.tokens.length },
      prompt_id: prompt?.id ?? null,
      prompt_name: prompt?.name ?? null,
    };
  });

  router.on("retrieveFromAnswerEngine", ({ path, body }) => {
    const engine = store.answerEngines.get(path.id);
    if (!engine) return notFound(path.id);
    const started = performance.now();
    const retriever = retrieverOf(engine);
    const found = retriever.search(body.query, body.top_k ?? DEFAULT_TOP_K);
    return {
      answer_engine_id: engine.id,
      query: body.query,
      documents: found.map((passage) => ({ chunk_id: `chunk_${passage.id}`, content: passage.text, source: passage.filename, score: passage.relevance })),
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
    const existing = engine.prompts.find((stored) => stored.name === body.prompt_name);
    const prompt: StoredPrompt = existing ? { ...existing, text: body.prompt_text } : { id: world.newId("prompt_"), name: body.prompt_name, text: body.prompt_text };
    store.answerEngines.put({ ...engine, prompts: [...engine.prompts.filter((stored) => stored.id !== prompt.id), prompt], activePromptId: prompt.id });
    return { answer_engine_id: engine.id, prompt_id: prompt.id, prompt_name: prompt.name, message: existing ? "System prompt updated successfully" : "System prompt stored successfully" };
  });
}
