import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const documentId = process.env.DOCUMENT_ID ?? "doc_01KXG7Z856C7NR0"; // a processed document

// Questions and reference answers are generated from the documents' text, asynchronously.
const benchmark = await nugen.benchmarks.create({ documents: [documentId], num_questions: 10 });
console.log(benchmark.id, benchmark.status);

const ready = await nugen.benchmarks.waitUntilReady(benchmark.id);
console.log(ready.status); // or both steps at once: nugen.benchmarks.createAndWait(body)
