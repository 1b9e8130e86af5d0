/**
 * Which model answers an inference request, or the refusal the live API gives: an unknown
 * model is 404, an aligned model that is not DEPLOYED is 400 (the spec's ModelNotDeployed
 * wording), and a model asked for what it does not do (embeddings from a chat model) is 400.
 * The embedding and cross-encoder models are those the spec's examples name: no route
 * lists them.
 */
import { examples } from "../../../generated/examples.js";
import { type Refusal, refuse } from "../routing.js";
import type { AlignedModelSource, World } from "../world.js";

export type Use = "chat completions" | "text completions" | "embeddings" | "reranking" | "cross-encoding";

export interface ServedModel {
  /** The id asked for. */
  id: string;
  /** The `model` the answer names: an aligned model's base model, as the live API does. */
  servedAs: string;
  /** Set for a deployed aligned model. */
  aligned?: AlignedModelSource;
}

const EMBEDDING_MODELS = new Set<string>([examples.EmbeddingsRequestOne.model, examples.EmbeddingsRequestMany.model, examples.RerankRequestFast.model, examples.RerankRequestStandard.model]);
const CROSS_ENCODERS = new Set<string>([examples.RerankRequestStandard.model_cross]);

/** The longest vectors the embedding models make, and their default length. */
export const EMBEDDING_DIMENSIONS = 768;

function kindOf(world: World, id: string): "chat" | "embedding" | "cross" | "aligned" | undefined {
  if (world.baseModels.some((model) => model.id === id)) return "chat";
  if (EMBEDDING_MODELS.has(id)) return "embedding";
  if (CROSS_ENCODERS.has(id)) return "cross";
  return world.alignedModel(id) ? "aligned" : undefined;
}

const SUPPORTS: Record<Use, string[]> = {
  "chat completions": ["chat", "aligned"],
  "text completions": ["chat", "aligned"],
  embeddings: ["embedding"],
  reranking: ["embedding", "cross"],
  "cross-encoding": ["cross"],
};

export function modelFor(world: World, id: string, use: Use): ServedModel | Refusal {
  const kind = kindOf(world, id);
  if (!kind) return refuse(404, `Model ${id} not found`);
  const aligned = kind === "aligned" ? world.alignedModel(id) : undefined;
  if (aligned && world.modelStatus(id, aligned) !== "DEPLOYED") return refuse(400, `Model ${id} is not deployed. Deploy it first.`);
  if (!SUPPORTS[use].includes(kind)) return refuse(400, `Model ${id} does not support ${use}.`);
  return aligned ? { id, servedAs: world.baseModelOf(aligned), aligned } : { id, servedAs: id };
}
