import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "-ak-14-july-my-alignment-project-alignment-01kxg82fjj98nq0";
const benchmarkId = process.env.BENCHMARK_ID ?? "benchmark_01KXG80S9TQW3JD"; // a READY benchmark

// One model on a benchmark; add model_id_2 to compare two (its scores come as `eval_model`).
const evaluation = await nugen.evaluations.create({
  model_id: modelId,
  benchmark_id: benchmarkId,
  judge_provider: "anthropic", // the model that scores the answers: anthropic, openai or nugen
});
console.log(evaluation.id, evaluation.status);

const done = await nugen.evaluations.waitUntilDone(evaluation.id);
console.log(done.status, done.progress);
