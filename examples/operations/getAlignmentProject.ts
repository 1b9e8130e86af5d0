import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const projectId = process.env.PROJECT_ID ?? "alignment_01KXG82FJJ98NQ0";

const project = await nugen.alignmentProjects.retrieve(projectId);
console.log(project.id, project.status, project.base_model);
console.log("model:", project.model_id ?? "(not ready)", "evaluation:", project.evaluation_id ?? "(none)");
