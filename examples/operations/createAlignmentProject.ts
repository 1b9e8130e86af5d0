import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

const project = await nugen.alignmentProjects.create({
  name: "Customer Support Alignment",
  base_model: "nugen-flash-instruct",
  document_ids: ["doc-abc123", "doc-def456"],
  benchmark_id: "benchmark-xyz789",
  description: "Align the model for better customer support.",
});
console.log(project.id, project.status); // the id works whichever name the server gave it
