/**
 * The whole Nugen workflow, from a domain document to an evaluated model: upload the
 * document, generate a benchmark from it, align a base model, deploy the aligned model,
 * read its evaluation, ask it a question about the document, undeploy it. Run it against the local sandbox with `npm run demo`,
 * or against Nugen with NUGEN_API_KEY set (`npx tsx examples/quickstart.ts`).
 */
import { createReadStream } from "node:fs";
import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY (and NUGEN_BASE_URL, if set)

// Every step is a job that runs on the server: print a line whenever one reports progress.
function progress<Status extends { status?: string | null }>(
  step: string,
  detail: (update: Status) => unknown = () => undefined,
) {
  return (update: Status) =>
    console.log(`  ${step}: ${[update.status, detail(update)].filter((part) => part != null).join(" ")}`);
}

// 1. Upload the domain document and wait until it is processed: its document id (`document_...`
//    on the current API, `doc_...` on the 2026-07 one) is what benchmarks and projects take.
//    Uploading the same content again is no error: the existing document is reused.
const documents = await nugen.documents.uploadAndWait(createReadStream("examples/data/kestrel-support-handbook.md"), {
  onProgress: progress("processing"),
});
const documentIds = documents.map((document) => document.document_id);
console.log(
  `1. Document ready: ${documentIds.join(", ")}${documents.some((document) => document.already_uploaded) ? " (uploaded before)" : ""}`,
);

// 2. Generate a benchmark (questions and reference answers) from the document.
const benchmark = await nugen.benchmarks.createAndWait(
  { documents: documentIds, num_questions: 5 },
  { onProgress: progress("benchmark") },
);
console.log(`2. Benchmark ready: ${benchmark.id}`);

// 3. Align a base model on the document. On Nugen this takes hours; with a benchmark,
//    the aligned model is then evaluated on it by itself.
const project = await nugen.alignmentProjects.createAndWait(
  {
    name: "Kestrel support",
    base_model: "nugen-flash-instruct",
    document_ids: documentIds,
    benchmark_id: benchmark.id,
  },
  { onProgress: progress("aligning", (update) => `${Math.round(update.data?.progress ?? 0)}%`) },
);
const modelId = project.data?.model_id;
const evaluationId = project.data?.evaluation_id;
if (!modelId || !evaluationId) throw new Error(`The project ended ${project.status} without a model or an evaluation.`);
console.log(`3. Aligned model ready: ${modelId}`);

// 4. Deploy the model: an aligned model answers only while it is deployed.
await nugen.models.deploy(modelId);
await nugen.models.waitUntilDeployed(modelId, { onProgress: progress("deploying") });
console.log(`4. Model deployed: ${modelId}`);

try {
  // 5. Read the evaluation the project started, on the benchmark.
  await nugen.evaluations.waitUntilDone(evaluationId, {
    onProgress: progress("evaluating", (update) => update.progress),
  });
  const results = await nugen.evaluations.results(evaluationId);
  const score = (value?: number | null) => value?.toFixed(2) ?? "-";
  if (results.comparison) {
    // Two models compared, by position: the first (model_id), then the second (model_id_2).
    console.log(`5. Evaluation ${evaluationId}: ${results.model_id} → ${results.model_id_2}`);
    for (const row of results.comparison.metrics ?? [])
      console.log(`     ${row.metric}: ${score(row.base)} → ${score(row.evaluated)}`);
  } else {
    console.log(`5. Evaluation ${evaluationId}: ${results.model_id}`);
    for (const [metric, value] of Object.entries(results.metrics ?? {})) console.log(`     ${metric}: ${score(value)}`);
  }

  // 6. Ask the model about its document, printing the answer as it streams in.
  const question = "Who pays for the return shipping of a bike?";
  console.log(`6. Asking ${modelId}: ${question}`);
  const stream = await nugen.chat.completions.create({
    model: modelId,
    messages: [{ role: "user", content: question }],
    stream: true,
  });
  process.stdout.write("     ");
  for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
  console.log(`\n     (confidence ${stream.confidenceScore ?? "-"} of 100)`);
} finally {
  // 7. Undeploy, even if something above failed: a deployed model is billed while idle.
  await nugen.models.undeploy(modelId);
  await nugen.models.waitUntilUndeployed(modelId, { onProgress: progress("undeploying") });
  console.log(`7. Model undeployed: ${modelId}`);
}
