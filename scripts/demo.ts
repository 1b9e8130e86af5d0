/**
 * `npm run demo`: starts the local Nugen sandbox inside this process and runs
 * examples/quickstart.ts against it, the whole workflow from examples/data/ in about
 * 20 seconds. No key, no network. The sandbox's jobs are shortened (on Nugen, aligning
 * takes hours and deploying minutes) and its answer streams at reading pace, so the
 * tokens can be seen arriving.
 */
import { createSandbox } from "nugen/sandbox";

const sandbox = await createSandbox({
  log: false,
  documentSeconds: 2,
  benchmarkSeconds: 2,
  jobSeconds: 8,
  deploySeconds: 2,
  evaluationSeconds: 2,
  undeploySeconds: 1,
  tokensPerSecond: 8,
});
process.env.NUGEN_BASE_URL = sandbox.url;
process.env.NUGEN_API_KEY = "sandbox-key";
console.log(`Nugen sandbox running at ${sandbox.url} (local, in this process)\n`);
const started = Date.now();
try {
  await import("../examples/quickstart.js");
  console.log(`\nThe whole workflow ran in ${((Date.now() - started) / 1000).toFixed(1)} s against the sandbox.`);
} finally {
  await sandbox.close();
}
