import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "-ak-14-july-my-alignment-project-alignment-01kxg82fjj98nq0";

const task = await nugen.models.deploymentStatus(modelId);
console.log(task.status, task.result?.status ?? "", task.result?.error ?? "");
// Or wait for the task to end: nugen.models.waitUntilDeployed(modelId)
