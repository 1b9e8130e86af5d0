import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

const models = await nugen.agents.availableModels(); // a list, whichever form the server answered
for (const model of models) console.log(model.id, model.type ?? "", model.base_model ?? "");
