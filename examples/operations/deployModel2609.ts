import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "model_01KZJDET5HDSHN2C"; // the model_id of a READY project

// While its project still trains this is a 409: pass { early: true } to deploy the newest checkpoint.
await nugen.models.deploy(modelId);
const deployment = await nugen.models.waitUntilDeployed(modelId); // throws JobFailedError if it failed
console.log(deployment.status); // DEPLOYED: call inference with model = modelId
