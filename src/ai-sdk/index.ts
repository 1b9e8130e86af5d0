/**
 * `nugen/ai-sdk`: Nugen's models in the AI SDK (`ai`): `generateText`, `streamText`, `embed`,
 * `embedMany` and `rerank` with base models and deployed aligned models, with the aligned
 * models' confidence in `providerMetadata.nugen`.
 */
export { createNugen, nugen, type NugenProvider, type NugenProviderSettings } from "./provider.js";
export type { NugenChatOptions, NugenCompletionOptions, NugenEmbeddingOptions, NugenRerankingOptions, NugenMetadata } from "./options.js";
