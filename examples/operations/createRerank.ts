import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

const documents = [
  "Frame: 5 years. Motor, display and electronics: 2 years.",
  "Battery: 2 years or 800 cycles, whichever comes first.",
  "Charge between 10 °C and 30 °C.",
];
const { results } = await nugen.rerank.create({
  model: "nomic-embed-text-v1.5",
  query: "How long is the battery under warranty?",
  documents,
  // method: "standard", model_cross: "BAAI/bge-reranker-v2-m3" adds a cross-encoder stage.
});
for (const { index, relevance_score } of results) console.log(relevance_score.toFixed(3), documents[index]); // best first
