import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const projectId = process.env.PROJECT_ID ?? "alignment_01KZCCN05815ZCT4";

const project = await nugen.alignmentProjects.retrieve(projectId);
console.log(project.id, project.alignment_name, project.status, project.base_model_id);
console.log("model:", project.model_id ?? "(not ready)", "evaluation:", project.evaluation_id ?? "(none)");
if (project.status === "FAILED") console.log(project.error, project.stage_failures);
