import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

const { benchmarks } = await nugen.benchmarks.list();
for (const benchmark of benchmarks) {
  console.log(benchmark.id, benchmark.benchmark_name, benchmark.status, `${benchmark.num_questions ?? "?"} questions`);
}
