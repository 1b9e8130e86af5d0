import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const agentId = process.env.AGENT_ID ?? "kestrel_support_k7q2m9xa";

// Only the fields given change; `status: "INACTIVE"` would stop the agent from running.
const agent = await nugen.agents.update(agentId, {
  instructions: "Answer in two sentences at most, and quote the numbers of the handbook.",
  temperature: 0.3,
});
console.log(agent.id, agent.status, agent.system_prompt);
