import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const agentId = process.env.AGENT_ID ?? "kestrel_support_k7q2m9xa";

const deleted = await nugen.agents.delete(agentId); // the API answers 204 without a body
console.log("deleted:", deleted.id);
