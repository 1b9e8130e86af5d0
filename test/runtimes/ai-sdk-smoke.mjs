// nugen/ai-sdk on every runtime: the provider's chat model, called as the AI SDK calls it
// (doGenerate, doStream), without the `ai` package. Plain JavaScript, no imports of its own.
export async function aiSdkSmoke(aiSdk, baseUrl) {
  const steps = [];
  const check = (condition, what) => {
    if (!condition) throw new Error(`smoke failed: ${what}`);
    steps.push(what);
  };
  const nugen = aiSdk.createNugen({ apiKey: "runtime-smoke-key", baseURL: baseUrl });
  const prompt = [{ role: "user", content: [{ type: "text", text: "Hello" }] }];

  const answer = await nugen("nugen-flash-instruct").doGenerate({ prompt });
  check(
    answer.content[0]?.type === "text" && answer.content[0].text.length > 0 && answer.finishReason.unified === "stop",
    "nugen/ai-sdk: generate",
  );

  const { stream } = await nugen("nugen-flash-instruct").doStream({ prompt });
  const types = [];
  for await (const part of stream) types.push(part.type);
  check(types.includes("text-delta") && types.at(-1) === "finish", "nugen/ai-sdk: stream to the finish part");
  return steps;
}
