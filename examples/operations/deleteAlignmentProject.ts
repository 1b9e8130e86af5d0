import { BadRequestError, Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const projectId = process.env.PROJECT_ID ?? "alignment_01KXH0000000FAIL";

try {
  const { message } = await nugen.alignmentProjects.delete(projectId);
  console.log(message);
} catch (error) {
  // Refused while the project's model is deployed: undeploy it first.
  if (error instanceof BadRequestError) console.error(error.message);
  else throw error;
}
