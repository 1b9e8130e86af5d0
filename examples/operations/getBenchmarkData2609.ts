import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const benchmarkId = process.env.BENCHMARK_ID ?? "benchmark_01KZSFA2Q5P7QWDS";

// 2026-09 sends `samples` (and no status: see benchmarks.status), the name in `metadata`.
const benchmark = await nugen.benchmarks.retrieve(benchmarkId);
console.log(benchmark.id, `${benchmark.samples?.length ?? 0} samples from`, benchmark.document_ids?.join(", "));
for (const [index, sample] of (benchmark.samples ?? []).entries()) {
  console.log(`${sample.sample_num ?? index + 1}. ${sample.instruction}\n   ${sample.response}`);
}
