// The same smoke run on every runtime: list, create, wait, and two error cases.
// Plain JavaScript with no imports of its own, so each runtime loads it as it is.
export async function smoke(sdk, baseUrl) {
  const { Nugen, NotFoundError, RequestValidationError } = sdk;
  const nugen = new Nugen({ apiKey: "runtime-smoke-key", baseUrl, maxRetries: 1 });
  const steps = [];
  const check = (condition, what) => {
    if (!condition) throw new Error(`smoke failed: ${what}`);
    steps.push(what);
  };

  const models = await nugen.models.listAligned();
  check(Array.isArray(models) && models.length >= 3, "list aligned models");

  const created = await nugen.alignmentProjects.create({ name: "Runtime smoke", base_model: "nugen-flash-instruct", document_ids: ["doc-1"] });
  check(typeof created.id === "string" && created.id.length > 0, "create a project");

  const done = await nugen.alignmentProjects.waitUntilDone(created.id, { pollIntervalMs: 50, timeoutMs: 20000 });
  check(done.status === "READY", "wait until READY");

  const missing = await nugen.alignmentProjects.status("alignment_DOES_NOT_EXIST").catch((error) => error);
  check(missing instanceof NotFoundError && missing.status === 404, "404 is a NotFoundError");

  const invalid = await nugen.alignmentProjects.create({ name: "", base_model: "m", document_ids: [] }).catch((error) => error);
  check(invalid instanceof RequestValidationError && /body\.name/.test(invalid.message), "bad input is refused");
  return steps;
}
