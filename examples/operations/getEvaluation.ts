import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const evaluationId = process.env.EVALUATION_ID ?? "evaluation_01KZ5KJ631RVZPF4"; // or a project's evaluation_id

const evaluation = await nugen.evaluations.retrieve(evaluationId);
console.log(
  evaluation.id,
  evaluation.status,
  `${evaluation.n_samples_completed ?? 0}/${evaluation.n_samples ?? "?"} samples`,
);
// Its scores, once it is done: nugen.evaluations.results(evaluationId)
