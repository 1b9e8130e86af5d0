import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

const usage = await nugen.agents.usage(); // snake_case, whichever case the server used
console.log(
  `${usage.total_usage} runs, ${usage.total_tokens} tokens, most on ${usage.most_used_model ?? "no model yet"}`,
);
for (const [model, { requests, tokens }] of Object.entries(usage.usage_by_model ?? {}))
  console.log(model, requests, tokens);
