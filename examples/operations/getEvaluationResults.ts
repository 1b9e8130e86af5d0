import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const evaluationId = process.env.EVALUATION_ID ?? "eval_01KXJ2X0APJSP3S";

// Refused with a BadRequestError until the evaluation is completed.
const results = await nugen.evaluations.results(evaluationId);
if (results.comparison) {
  // base = the first model's score (model_id), evaluated = the second's (model_id_2), by position.
  for (const row of results.comparison.metrics ?? []) console.log(row.metric, row.base, "->", row.evaluated);
} else {
  for (const [metric, score] of Object.entries(results.metrics ?? {})) console.log(metric, score);
}
