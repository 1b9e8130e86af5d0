import { AlignmentFailedError, Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const projectId = process.env.PROJECT_ID ?? "alignment_01KZCCN05815ZCT4";

const { status, progress, queue_position, early_deployable } = await nugen.alignmentProjects.status(projectId);
console.log(status, `${progress ?? 0}%`, queue_position == null ? "" : `#${queue_position} in the queue`);
if (early_deployable) console.log("a checkpoint can be deployed now: nugen.models.deploy(modelId, { early: true })");

// Or follow it to the end: the status has no model_id, the SDK reads it from the project.
try {
  const done = await nugen.alignmentProjects.waitUntilDone(projectId, {
    onProgress: (update) => console.log(update.status, `${update.progress ?? 0}%`),
  });
  console.log("model:", done.model_id);
} catch (error) {
  // With the project's error and stage_failures.
  if (error instanceof AlignmentFailedError) console.error("alignment failed:", error.reason);
  else throw error;
}
