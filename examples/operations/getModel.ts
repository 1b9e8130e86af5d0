import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "model_01KZJDET5HDSHN2C"; // a project's model_id

// On a 2026-07 server, which has no such route, the SDK answers from the aligned models' list.
const model = await nugen.models.retrieve(modelId);
console.log(model.id, model.name, model.deployment_status);
console.log("evaluation:", model.evaluation_data?.evaluation_id ?? "(none)");
