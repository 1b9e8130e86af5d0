import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

// Awaited: one page (limit 1-100, default 10) with the total.
const page = await nugen.evaluations.list({ limit: 10 });
console.log(`${page.items.length} of ${page.data.total} evaluations`, page.hasNextPage() ? "(more pages)" : "");

// Iterated: every evaluation, page after page (filters: status, model_id).
for await (const evaluation of nugen.evaluations.list()) {
  console.log(evaluation.evaluation_id, evaluation.model_id, evaluation.status);
}
