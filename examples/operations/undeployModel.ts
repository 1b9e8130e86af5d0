import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "-ak-14-july-my-alignment-project-alignment-01kxg82fjj98nq0";

// A deployed model is billed while idle: undeploy it when done.
await nugen.models.undeploy(modelId); // starts the undeploy task
const task = await nugen.models.waitUntilUndeployed(modelId);
console.log(task.status, task.result?.message ?? "");
