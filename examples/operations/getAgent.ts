import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const agentId = process.env.AGENT_ID ?? "kestrel_support_k7q2m9xa";

const agent = await nugen.agents.retrieve(agentId);
console.log(agent.id, agent.base_model, agent.status);
console.log("instructions:", agent.system_prompt);
