import { createReadStream } from "node:fs";
import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const documentId = process.env.DOCUMENT_ID ?? "doc_01KXG7Z856C7NR0"; // the document it is about

// A JSON array of {question_num, question, answer}; ready at once.
const benchmark = await nugen.benchmarks.upload({
  name: "Kestrel support QA (hand-written)",
  document_id: documentId,
  file: createReadStream("kestrel-benchmark.json"),
});
console.log(benchmark.id, benchmark.status);

// Or pass the questions themselves instead of a file:
// await nugen.benchmarks.upload({ name, document_id, questions: [{ question: "...", answer: "..." }] });
