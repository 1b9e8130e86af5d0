import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const modelId = process.env.MODEL_ID ?? "alignment-xyz789-deployed"; // a base model, or an aligned model while DEPLOYED

const stream = await nugen.chat.completions.create({
  model: modelId,
  messages: [
    { role: "system", content: "You answer customers of Kestrel E-Bikes." },
    { role: "user", content: "Who pays for the return shipping of a bike?" },
  ],
  stream: true, // without it, the whole ChatCompletion at once
});
// Each chunk's delta holds the next piece of text; Nugen's other events (confidence readings
// from aligned models, timing) are kept on the stream: stream.confidence, stream.on("confidence", ...).
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");

const answer = await stream.finalChatCompletion(); // the chunks assembled: content, finish_reason, timing, ...
console.log(`\n${answer.choices[0]?.finish_reason}, confidence ${answer.confidence_score ?? "-"} of 100`);
