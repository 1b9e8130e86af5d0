import { createReadStream } from "node:fs";
import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const documentId = process.env.DOCUMENT_ID ?? "document_01KZXQH8B0NX5N2R"; // the document it is about

// A JSON array of {sample_num, instruction, response}, sent as it is; ready at once.
const benchmark = await nugen.benchmarks.upload({
  name: "Kestrel support QA (hand-written)", // sent as 2026-09's benchmark_name
  document_id: documentId,
  file: createReadStream("kestrel-benchmark-samples.json"),
});
console.log(benchmark.id);

// Or pass the questions themselves, sent in the form of the server's generation:
// await nugen.benchmarks.upload({ name, document_id, questions: [{ instruction: "...", response: "..." }] });
