import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

const models = await nugen.models.listBase();
for (const model of models) {
  console.log(model.id, model.name, model.alignment_ready ? "can be aligned" : "inference only");
}
