import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

const models = await nugen.models.listAligned();
for (const model of models) {
  console.log(model.id, model.status, model.performance_metrics?.accuracy ?? "not evaluated");
}
