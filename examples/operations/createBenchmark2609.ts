import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const documentId = process.env.DOCUMENT_ID ?? "document_01KZXQH8B0NX5N2R"; // a processed document

// Samples (an instruction and its reference response) are generated from the documents, asynchronously.
// The SDK sends these as 2026-09's document_ids and n_samples; those names work here too.
const benchmark = await nugen.benchmarks.create({ documents: [documentId], num_questions: 10 });
console.log(benchmark.id);

const ready = await nugen.benchmarks.waitUntilReady(benchmark.id);
console.log(ready.status); // or both steps at once: nugen.benchmarks.createAndWait(body)
