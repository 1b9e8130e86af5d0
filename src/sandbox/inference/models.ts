/**
 * The sandbox's models and which one answers a request, or the refusal the live API gives:
 * an unknown model is 404, an aligned model that is not DEPLOYED is 400 (the spec's
 * ModelNotDeployed wording), and a model asked for what it does not do (embeddings from a
 * chat model, answers from an embedding model) is 400.
 *
 * The catalogue holds every model id Nugen's reference pages and recordings name, each with
 * its type (`llm` for chat models, as the 2026-09 list says); `GET /models/base` lists it, and agents' `available_models` too.
 */
import { type AlignedModelSource, baseModelOf, type SeedBaseModel } from "../lifecycle/aligned-models.js";
import { type Refusal, refuse } from "../refusal.js";

/** As the 2026-09 model list words it (`llm`, `embedding`); `vision` and `reranker` are the sandbox's own. */
type ModelType = "llm" | "vision" | "embedding" | "reranker";

export type Use = "chat completions" | "text completions" | "embeddings" | "reranking" | "cross-encoding";

export interface ServedModel {
  /** The id asked for. */
  id: string;
  /** The `model` the answer names: an aligned model's base model, as the live API does. */
  servedAs: string;
  /** Set for a deployed aligned model. */
  aligned?: AlignedModelSource;
}

const model = (
  id: string,
  name: string,
  type: ModelType,
  alignmentReady = false,
): SeedBaseModel & { name: string; type: ModelType } => ({ id, name, alignment_ready: alignmentReady, type });

/** Every model the reference names, in its order; the first three are the spec's BaseModels example. */
export const MODEL_CATALOGUE = [
  model("nugen-flash-instruct", "Nugen Flash Instruct", "llm", true),
  model("llama-v3p2-3b-reasoning", "Llama 3.2 3B Reasoning", "llm", true),
  model("llama-v3p3-70b-instruct", "Llama 3.3 70B Instruct", "llm"),
  model("qwen-v2p5-0p5b-instruct", "Qwen 2.5 0.5B Instruct", "llm"),
  model("qwen3-8b", "Qwen3 8B", "llm"),
  model("gpt-oss-20b", "gpt-oss 20B", "llm"),
  model("gpt-oss-120b", "gpt-oss 120B", "llm"),
  model("deepseek-v3p2", "DeepSeek V3.2", "llm"),
  model("kimi-k2-thinking", "Kimi K2 Thinking", "llm"),
  model("glm-5p2", "GLM 5.2", "llm"),
  model("qwen2-vl-2b-instruct", "Qwen2 VL 2B Instruct", "vision"),
  model("qwen2p5-vl-32b-instruct", "Qwen 2.5 VL 32B Instruct", "vision"),
  model("qwen3-vl-30b-a3b-thinking", "Qwen3 VL 30B A3B Thinking", "vision"),
  model("qwen3-vl-235b-a22b-instruct", "Qwen3 VL 235B A22B Instruct", "vision"),
  model("qwen3-embedding-8b", "Qwen3 Embedding 8B", "embedding"),
  model("nomic-embed-text-v1.5", "Nomic Embed Text v1.5", "embedding"),
  model("nugen-flash-embed", "Nugen Flash Embed", "embedding"),
  model("bge-reranker-v2-m3", "BGE Reranker v2 M3", "reranker"),
  // The same reranker under its Hugging Face name, as the spec's rerank example writes it.
  model("BAAI/bge-reranker-v2-m3", "BGE Reranker v2 M3", "reranker"),
];

/** The longest vectors the embedding models make, and their default length. */
export const EMBEDDING_DIMENSIONS = 768;

type Kind = ModelType | "aligned";

/** What choosing a model asks of the sandbox's state (the World answers it). */
export interface ModelDirectory {
  readonly baseModels: readonly SeedBaseModel[];
  alignedModel(id: string): AlignedModelSource | undefined;
  modelStatus(id: string, source: AlignedModelSource): string;
}

function kindOf(models: ModelDirectory, id: string): Kind | undefined {
  const base = models.baseModels.find((candidate) => candidate.id === id);
  if (base) return (base.type as ModelType | null | undefined) ?? "llm";
  return models.alignedModel(id) ? "aligned" : undefined;
}

const SUPPORTS: Record<Use, Kind[]> = {
  "chat completions": ["llm", "vision", "aligned"],
  "text completions": ["llm", "vision", "aligned"],
  embeddings: ["embedding"],
  reranking: ["embedding", "reranker"],
  "cross-encoding": ["reranker"],
};

/**
 * The model that serves `use`, or the refusal. `undeployed: true` accepts an aligned model
 * that is not deployed yet (an agent may be created on one; it runs once deployed).
 */
export function modelFor(
  models: ModelDirectory,
  id: string,
  use: Use,
  options: { undeployed?: boolean } = {},
): ServedModel | Refusal {
  const kind = kindOf(models, id);
  if (!kind) return refuse(404, `Model ${id} not found`);
  const aligned = kind === "aligned" ? models.alignedModel(id) : undefined;
  if (aligned && !options.undeployed && models.modelStatus(id, aligned) !== "DEPLOYED")
    return refuse(400, `Model ${id} is not deployed. Deploy it first.`);
  if (!SUPPORTS[use].includes(kind)) return refuse(400, `Model ${id} does not support ${use}.`);
  return aligned ? { id, servedAs: baseModelOf(aligned), aligned } : { id, servedAs: id };
}
