import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "model_01KZJDET5HDSHN2C";

// UNDEPLOYED, DEPLOYING, DEPLOYED; a failed deploy is UNDEPLOYED with an error.
const { status, error } = await nugen.models.deploymentStatus(modelId);
console.log(modelId, status, error ?? "");
// Or wait for the deployment to end: nugen.models.waitUntilDeployed(modelId)
