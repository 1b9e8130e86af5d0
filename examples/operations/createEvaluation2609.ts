import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "model_01KZJDET5HDSHN2C";
const benchmarkId = process.env.BENCHMARK_ID ?? "benchmark_01KZSFA2Q5P7QWDS"; // a READY benchmark

// One model on a benchmark; add model_id_2 (sent as 2026-09's baseline_model_id) to compare two.
const evaluation = await nugen.evaluations.create({
  model_id: modelId,
  benchmark_id: benchmarkId,
  judge_provider: "anthropic", // the model that scores the answers: anthropic, openai or nugen
});
console.log(evaluation.id);

const done = await nugen.evaluations.waitUntilDone(evaluation.id);
console.log(done.status, done.progress);
