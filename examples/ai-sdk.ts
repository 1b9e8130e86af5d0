import { streamText } from "ai";
import { nugen } from "nugen/ai-sdk"; // reads NUGEN_API_KEY (and NUGEN_BASE_URL, if set)

const modelId = process.env.MODEL_ID ?? "alignment-xyz789-deployed"; // a base model, or an aligned model while DEPLOYED

const result = streamText({
  model: nugen(modelId),
  system: "You answer customers of Kestrel E-Bikes.",
  prompt: "Who pays for the return shipping of a bike?",
});
// The answer's text as it is generated; Nugen's confidence readings and timing never enter it.
for await (const text of result.textStream) process.stdout.write(text);

// An aligned model's confidence in its answer (0 to 100) and the generation's timing.
const { confidenceScore, timing } = (await result.providerMetadata)?.nugen ?? {};
console.log(`\n${await result.finishReason}, confidence ${confidenceScore ?? "-"} of 100, ${JSON.stringify(timing)}`);
