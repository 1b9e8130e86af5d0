import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const benchmarkId = process.env.BENCHMARK_ID ?? "benchmark_01KXG80S9TQW3JD";

const benchmark = await nugen.benchmarks.retrieve(benchmarkId);
console.log(benchmark.benchmark_name, `${benchmark.num_questions} questions`);
for (const { question_num, question, answer } of benchmark.questions ?? []) {
  console.log(`${question_num}. ${question}\n   ${answer}`);
}
