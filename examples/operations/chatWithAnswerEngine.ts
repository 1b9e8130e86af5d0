import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const engineId = process.env.ANSWER_ENGINE_ID ?? "ae_01KXM3B7QF2D8RW";

const first = await nugen.answerEngines.chat(engineId, {
  query: "Who pays for the return shipping of a bike?",
  mode: "agentic",
});
console.log(first.answer);

// The same thread: in agentic mode the follow-up is searched with what came before it.
const next = await nugen.answerEngines.chat(engineId, {
  query: "And when do I get my refund?",
  mode: "agentic",
  conv_thread_id: first.conv_thread_id,
});
console.log(next.answer);
console.log(`thread ${next.conv_thread_id}, relevance ${next.relevance_score}`);
