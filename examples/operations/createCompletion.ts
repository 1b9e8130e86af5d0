import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "alignment-xyz789-deployed"; // a base model, or an aligned model while DEPLOYED

const completion = await nugen.completions.create({
  model: modelId,
  prompt: "Returning a bike, in one sentence:",
  max_tokens: 64, // the default, 16, is short
});
const [choice] = completion.choices;
console.log(choice?.text?.trim());
console.log(
  `${choice?.finish_reason}, ${completion.usage?.completion_tokens} tokens, confidence ${completion.confidence_score ?? "-"}`,
);
// With stream: true, a Stream: for await its chunks' choices[0].text, or stream.finalCompletion().
