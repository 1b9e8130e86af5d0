import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const engineId = process.env.ANSWER_ENGINE_ID ?? "ae_01KXM3B7QF2D8RW";

const { documents, metadata } = await nugen.answerEngines.retrieve(engineId, {
  query: "E04 controller fault",
  top_k: 3,
});
for (const passage of documents) console.log(passage.score, passage.source, passage.content); // best first
console.log(`${metadata?.total_chunks_searched} chunks searched`);
