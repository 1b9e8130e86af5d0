/**
 * `nugen/ai-sdk`: Nugen's models in the AI SDK (`ai`): `generateText`, `streamText`, `embed`,
 * `embedMany` and `rerank` with base models and deployed aligned models, with the aligned
 * models' confidence in `providerMetadata.nugen`.
 */

export type {
  NugenChatOptions,
  NugenCompletionOptions,
  NugenEmbeddingOptions,
  NugenMetadata,
  NugenRerankingOptions,
} from "./options.js";
export { createNugen, type NugenProvider, type NugenProviderSettings, nugen } from "./provider.js";
