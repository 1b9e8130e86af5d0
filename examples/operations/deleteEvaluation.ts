import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const evaluationId = process.env.EVALUATION_ID ?? "eval_01KXK5T2R8JQ3WN";

const { message } = await nugen.evaluations.delete(evaluationId);
console.log(message);
