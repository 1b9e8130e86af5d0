import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const benchmarkId = process.env.BENCHMARK_ID ?? "benchmark_01KZSFA2Q5P7QWDS";

const { status } = await nugen.benchmarks.status(benchmarkId);
console.log(benchmarkId, status);

// Or wait until it is READY (throws JobFailedError if generation failed):
const ready = await nugen.benchmarks.waitUntilReady(benchmarkId);
console.log(ready.status);
