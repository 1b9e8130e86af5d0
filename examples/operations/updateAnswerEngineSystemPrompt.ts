import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const engineId = process.env.ANSWER_ENGINE_ID ?? "ae_01KXM3B7QF2D8RW";

// Stored under its name (the same name again replaces it); the engine answers with it from now on.
const prompt = await nugen.answerEngines.updateSystemPrompt(engineId, {
  prompt_name: "concise",
  prompt_text: "Answer in one sentence and quote the handbook.",
});
console.log(prompt.prompt_id, prompt.prompt_name); // chat() takes prompt_id to pick a stored prompt
