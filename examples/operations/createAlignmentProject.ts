import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const documentId = process.env.DOCUMENT_ID ?? "doc_01KXG7Z856C7NR0"; // processed documents
const benchmarkId = process.env.BENCHMARK_ID ?? "benchmark_01KXG80S9TQW3JD"; // optional

const project = await nugen.alignmentProjects.create({
  name: "Kestrel support",
  base_model: "nugen-flash-instruct", // one of nugen.models.listBase() with alignment_ready
  document_ids: [documentId],
  benchmark_id: benchmarkId, // the aligned model is then evaluated on it by itself
  description: "Answers customer questions from the support handbook.",
});
console.log(project.id, project.status); // the id works whichever name the server gave it
// Follow it with nugen.alignmentProjects.waitUntilDone(project.id), or use createAndWait.
