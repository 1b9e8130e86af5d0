import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const evaluationId = process.env.EVALUATION_ID ?? "eval_01KXJ2X0APJSP3S"; // or a project's data.evaluation_id

const { status, progress, eta_seconds } = await nugen.evaluations.status(evaluationId);
console.log(status, progress ?? "", eta_seconds == null ? "" : `about ${Math.round(eta_seconds)} s left`);

// Or wait until it ends (throws JobFailedError if it failed):
const done = await nugen.evaluations.waitUntilDone(evaluationId, {
  onProgress: (update) => console.log(update.progress),
});
console.log(done.status);
