import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "model_01KZJDET5HDSHN2C";

// A deployed model is billed while idle: undeploy it when done.
await nugen.models.undeploy(modelId);
const deployment = await nugen.models.waitUntilUndeployed(modelId);
console.log(deployment.status); // UNDEPLOYED
