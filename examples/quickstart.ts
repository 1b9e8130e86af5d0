/**
 * Create an alignment project, follow it to the end, and list the aligned models.
 * Run it against the local sandbox with `npm run demo`, or against Nugen with
 * NUGEN_API_KEY set (`npx tsx examples/quickstart.ts`).
 */
import { type AlignmentStatusResponse, Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY (and NUGEN_BASE_URL, if set)

const project = await nugen.alignmentProjects.create({
  name: "Customer Support Alignment",
  base_model: "nugen-flash-instruct",
  document_ids: ["doc-abc123", "doc-def456"],
  benchmark_id: "benchmark-xyz789",
});
console.log(`Created alignment project ${project.id} (${project.status})`);

const live = process.stdout.isTTY;
function showProgress({ status, data }: AlignmentStatusResponse) {
  const percent = Math.round(data?.progress ?? 0);
  const bar = "█".repeat(Math.round(percent / 5)).padEnd(20, "░");
  const line = `${bar} ${String(percent).padStart(3)}%  ${status}`;
  // On a terminal, redraw one line; in a log, print a line per change.
  if (live) process.stdout.write(`\r${line}`);
  else console.log(line);
}

// Poll every second to show progress; by default the interval adapts to jobs of hours.
const done = await nugen.alignmentProjects.waitUntilDone(project.id, { pollIntervalMs: 1000, onProgress: showProgress });
if (live) process.stdout.write("\n");
console.log(`Finished: ${done.status}, model ${done.data?.model_id}`);

const models = await nugen.models.listAligned();
console.table(
  models.map((model) => ({
    id: model.id,
    base_model: model.base_model,
    status: model.status,
    accuracy: model.performance_metrics?.accuracy ?? "-",
  })),
);
console.log(`Created 1 project, waited for it to finish, listed ${models.length} aligned models.`);
