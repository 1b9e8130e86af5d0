import { AlignmentFailedError, Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const projectId = process.env.PROJECT_ID ?? "alignment_01KXG82FJJ98NQ0";

const { status, data } = await nugen.alignmentProjects.status(projectId);
console.log(status, `${data?.progress ?? 0}%`);

// Or follow it to the end: polls at a pace fit for jobs of hours, retries hiccups.
try {
  const done = await nugen.alignmentProjects.waitUntilDone(projectId, {
    onProgress: (update) => console.log(update.status, `${update.data?.progress ?? 0}%`),
  });
  console.log("model:", done.data?.model_id);
} catch (error) {
  if (error instanceof AlignmentFailedError) console.error("alignment failed:", error.reason);
  else throw error;
}
