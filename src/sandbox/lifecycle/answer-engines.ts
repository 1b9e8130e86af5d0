/**
 * Answer engines and their conversation threads. An engine indexes its files when it is
 * created (they are small enough for that here), so it is `ready` at once; S3 sources are
 * kept but cannot be read by the sandbox, which says so in `error_message`. Files are kept
 * in the blob store, like uploaded documents.
 */
import type { components } from "../../../generated/openapi.js";
import { isoWithoutZone } from "../clock.js";
import type { Creation } from "./creation.js";

type Schemas = components["schemas"];

const DEFAULT_TEMPERATURE = 0.2;
const DEFAULT_MAX_TOKENS = 600;

export interface EngineFile {
  filename: string;
  sha256: string;
  size: number;
}

export interface StoredPrompt {
  id: string;
  name: string;
  text: string;
}

export interface EngineRecord {
  id: string;
  name: string;
  modelLlm: string;
  modelEmbedding: string;
  modelReranker: string | null;
  systemPrompt: string | null;
  temperature: number;
  maxTokens: number;
  files: EngineFile[];
  s3Uris: string[];
  s3Prefix: string | null;
  /** Passages the files were cut into. */
  chunkCount: number;
  createdAt: number;
  prompts: StoredPrompt[];
  /** The stored prompt answered with when a question names none. */
  activePromptId: string | null;
}

export interface Turn {
  queryId: string;
  query: string;
  rewrittenQuery: string | null;
  answer: string;
  at: number;
}

export interface ThreadRecord {
  id: string;
  engineId: string;
  turns: Turn[];
}

/** What a create request asks for, read from its form (text fields; the router has made numbers where the spec says so). */
export type EngineRequest = Pick<
  EngineRecord,
  | "name"
  | "modelLlm"
  | "modelEmbedding"
  | "modelReranker"
  | "systemPrompt"
  | "temperature"
  | "maxTokens"
  | "s3Uris"
  | "s3Prefix"
>;

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

export function engineRequestOf(form: Record<string, unknown>): EngineRequest {
  return {
    name: String(form.answer_engine_name),
    modelLlm: String(form.model_llm),
    modelEmbedding: String(form.model_embedding),
    modelReranker: text(form.model_reranker) ?? null,
    systemPrompt: text(form.system_prompt) ?? null,
    temperature: Number(form.temperature ?? DEFAULT_TEMPERATURE),
    maxTokens: Number(form.max_tokens ?? DEFAULT_MAX_TOKENS),
    s3Uris: [form.s3_uris ?? []].flat().filter((uri): uri is string => typeof uri === "string" && uri !== ""),
    s3Prefix: text(form.s3_prefix) ?? null,
  };
}

/** A new engine of these files, created now; `chunkCount` is its index's once built. */
export function newEngine(request: EngineRequest, files: EngineFile[], creation: Creation): EngineRecord {
  return {
    id: creation.newId("ae_"),
    ...request,
    files,
    chunkCount: 0,
    createdAt: creation.now(),
    prompts: [],
    activePromptId: null,
  };
}

/** The thread with one more turn (a new thread, of `engineId`, when there was none). */
export function withTurn(thread: ThreadRecord | undefined, id: string, engineId: string, turn: Turn): ThreadRecord {
  return { id, engineId, turns: [...(thread?.turns ?? []), turn] };
}

/** The engine with this prompt stored under its name (replacing one of that name) and made the active one. */
export function withPrompt(
  engine: EngineRecord,
  name: string,
  text: string,
  creation: Creation,
): { engine: EngineRecord; prompt: StoredPrompt; replaced: boolean } {
  const existing = engine.prompts.find((stored) => stored.name === name);
  const prompt: StoredPrompt = existing ? { ...existing, text } : { id: creation.newId("prompt_"), name, text };
  const prompts = [...engine.prompts.filter((stored) => stored.id !== prompt.id), prompt];
  return { engine: { ...engine, prompts, activePromptId: prompt.id }, prompt, replaced: existing !== undefined };
}

/** Why some sources were not indexed: the sandbox reads no S3. */
export function unreadSources(record: EngineRecord): string | null {
  const s3 = [...record.s3Uris, ...(record.s3Prefix ? [record.s3Prefix] : [])];
  if (s3.length === 0) return null;
  return `The sandbox cannot read S3, so ${s3.length === 1 ? "this source was" : "these sources were"} not indexed: ${s3.join(", ")}.`;
}

export function engineView(record: EngineRecord): Schemas["AnswerEngine"] {
  return {
    answer_engine_id: record.id,
    answer_engine_name: record.name,
    status: "ready",
    document_count: record.files.length,
    chunk_count: record.chunkCount,
    error_message: unreadSources(record),
    model_llm: record.modelLlm,
    model_embedding: record.modelEmbedding,
    model_reranker: record.modelReranker,
    created_at: isoWithoutZone(record.createdAt),
  };
}
