import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const agentName = process.env.AGENT_NAME ?? "Kestrel support"; // its name, not its id (spaces are fine)

// The whole answer, whether the server sends JSON or streams it; sessionId groups a conversation's runs.
const { response, usage } = await nugen.agents.run(
  agentName,
  { message: "Who pays for the return shipping of a bike?" },
  { sessionId: "customer-4711" },
);
console.log(response);
console.log(`${usage?.total_tokens ?? "?"} tokens`);
