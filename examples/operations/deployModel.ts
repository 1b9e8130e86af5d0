import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "-ak-14-july-my-alignment-project-alignment-01kxg82fjj98nq0"; // data.model_id of a READY project

await nugen.models.deploy(modelId); // starts the deploy task
const task = await nugen.models.waitUntilDeployed(modelId); // throws JobFailedError if it failed
console.log(task.status, task.result?.status); // COMPLETED DEPLOYED: call inference with model = modelId
