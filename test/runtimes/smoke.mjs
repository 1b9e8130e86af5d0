// The same smoke run on every runtime: list, upload, create, wait, a streamed answer, and two error cases.
// Plain JavaScript with no imports of its own, so each runtime loads it as it is.
export async function smoke(sdk, baseUrl) {
  const { Nugen, NotFoundError, RequestValidationError, toFile } = sdk;
  const nugen = new Nugen({ apiKey: "runtime-smoke-key", baseUrl, maxRetries: 1 });
  const steps = [];
  const check = (condition, what) => {
    if (!condition) throw new Error(`smoke failed: ${what}`);
    steps.push(what);
  };

  const models = await nugen.models.listAligned();
  check(Array.isArray(models) && models.length >= 3, "list aligned models");

  const text = `Runtime smoke on ${new Date().toISOString()}: returns are accepted within 30 days.`;
  const [document] = await nugen.documents.uploadAndWait(await toFile(text, "smoke.md", { type: "text/markdown" }), {
    pollIntervalMs: 50,
    timeoutMs: 20000,
  });
  // `doc_` on a 2026-07 server, `document_` on a 2026-09 one (the sandbox speaks both; the SDK picks 2026-09).
  check(/^(doc_|document_)/.test(document.document_id), "upload a document and wait for its document id");

  const created = await nugen.alignmentProjects.create({
    name: "Runtime smoke",
    base_model: "nugen-flash-instruct",
    document_ids: [document.document_id],
  });
  check(typeof created.id === "string" && created.id.length > 0, "create a project");

  const done = await nugen.alignmentProjects.waitUntilDone(created.id, { pollIntervalMs: 50, timeoutMs: 20000 });
  check(done.status === "READY", "wait until READY");

  const stream = await nugen.chat.completions.create({
    model: "nugen-flash-instruct",
    messages: [{ role: "user", content: "Hello" }],
    stream: true,
  });
  let chunks = 0;
  for await (const chunk of stream) chunks += chunk.choices.length > 0 ? 1 : 0;
  const answer = await stream.finalChatCompletion();
  check(
    chunks > 1 && answer.choices[0].message.content.length > 0 && answer.choices[0].finish_reason,
    "stream a chat answer to [DONE]",
  );

  const missing = await nugen.alignmentProjects.status("alignment_DOES_NOT_EXIST").catch((error) => error);
  check(missing instanceof NotFoundError && missing.status === 404, "404 is a NotFoundError");

  const invalid = await nugen.alignmentProjects
    .create({ name: "", base_model: "m", document_ids: [] })
    .catch((error) => error);
  check(invalid instanceof RequestValidationError && /body\.name/.test(invalid.message), "bad input is refused");
  return steps;
}
