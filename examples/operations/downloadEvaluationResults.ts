import { writeFile } from "node:fs/promises";
import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const evaluationId = process.env.EVALUATION_ID ?? "eval_01KXJ2X0APJSP3S";

// The full results: every question with the model's answer and its scores.
const results = await nugen.evaluations.download(evaluationId);
await writeFile(`${evaluationId}.json`, JSON.stringify(results, null, 2));
console.log(`saved ${evaluationId}.json`);
