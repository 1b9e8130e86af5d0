import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "nugen-flash-instruct"; // nugen.agents.availableModels() lists the choices

const agent = await nugen.agents.create({
  agent_name: process.env.AGENT_NAME ?? "Kestrel support", // runs address the agent by this name
  agent_description: "Answers Kestrel E-Bikes customers from the support handbook.",
  model: modelId,
  instructions: "You answer customers of Kestrel E-Bikes, briefly and politely.",
  max_tokens: 400,
  demonstrations: [
    {
      user_input: "Where is my frame number?",
      model_output: "It is stamped under the bottom bracket: KB and eight digits.",
    },
  ],
});
console.log(agent.id, agent.name, agent.status); // the record, unwrapped from {data}
console.log("run it at", agent.endpoint);
