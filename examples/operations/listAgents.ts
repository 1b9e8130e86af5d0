import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

const agents = await nugen.agents.list({ include_inactive: true }); // the list, unwrapped from {agents}
for (const agent of agents) console.log(agent.id, agent.name, agent.status, `${agent.usage_count ?? 0} runs`);
