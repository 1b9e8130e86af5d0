/**
 * Answer engines and their conversation threads. An engine indexes its files when it is
 * created (they are small enough for that here), so it is `ready` at once; S3 sources are
 * kept but cannot be read by the sandbox, which says so in `error_message`. Files are kept
 * in the blob store, like uploaded documents.
 */
import type { components } from "../../../generated/openapi.js";
import { isoWithoutZone } from "../clock.js";

type Schemas = components["schemas"];

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
