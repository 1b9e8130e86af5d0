/**
 * `npm run demo`: starts the local Nugen sandbox inside this process and runs
 * examples/quickstart.ts against it. No key, no network.
 */
import { createSandbox } from "nugen/sandbox";

const sandbox = await createSandbox({ log: false });
process.env.NUGEN_BASE_URL = sandbox.url;
process.env.NUGEN_API_KEY = "sandbox-key";
console.log(`Nugen sandbox running at ${sandbox.url} (local, in this process)\n`);
try {
  await import("../examples/quickstart.js");
} finally {
  await sandbox.close();
}
