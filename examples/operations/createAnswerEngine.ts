import { createReadStream } from "node:fs";
import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

// At least one source: files (any form documents.upload takes; files on disk are streamed), s3_uris or s3_prefix.
const engine = await nugen.answerEngines.create({
  answer_engine_name: "Kestrel support answers",
  model_llm: "nugen-flash-instruct",
  model_embedding: "qwen3-embedding-8b",
  model_reranker: "bge-reranker-v2-m3",
  system_prompt: "Answer from the handbook only.",
  documents: createReadStream("kestrel-support-handbook.md"),
});
// No route reads an engine back: `processing` means ask it, and ask again later if it is not ready.
console.log(engine.answer_engine_id, engine.status, `${engine.document_count} documents, ${engine.chunk_count} chunks`);
