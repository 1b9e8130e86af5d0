import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const benchmarkId = process.env.BENCHMARK_ID ?? "benchmark_01KXG80S9TQW3JD";

const { status, benchmark_name } = await nugen.benchmarks.status(benchmarkId);
console.log(benchmark_name, status);

// Or wait until it is READY (throws JobFailedError if generation failed):
const ready = await nugen.benchmarks.waitUntilReady(benchmarkId);
console.log(ready.status);
