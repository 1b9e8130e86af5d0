import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "-ak-14-july-my-alignment-project-alignment-01kxg82fjj98nq0";

const task = await nugen.models.undeploymentStatus(modelId);
console.log(task.status, task.result?.message ?? "");
// Or wait for the task to end: nugen.models.waitUntilUndeployed(modelId)
