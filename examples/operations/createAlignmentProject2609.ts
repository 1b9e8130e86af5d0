import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const documentId = process.env.DOCUMENT_ID ?? "document_01KZXQH8B0NX5N2R"; // processed (READY) documents
const benchmarkId = process.env.BENCHMARK_ID ?? "benchmark_01KZSFA2Q5P7QWDS"; // optional

// The SDK sends name and base_model as 2026-09's alignment_name and base_model_id; those names work here too.
const project = await nugen.alignmentProjects.create({
  name: "Kestrel support",
  base_model: "nugen-flash-instruct", // one of nugen.models.listBase() with alignment_ready
  document_ids: [documentId],
  benchmark_id: benchmarkId, // the aligned model is then evaluated on it by itself
  description: "Answers customer questions from the support handbook.",
});
console.log(project.id, project.status); // QUEUED: it waits for a GPU before it trains
// Follow it with nugen.alignmentProjects.waitUntilDone(project.id): its model_id once READY.
