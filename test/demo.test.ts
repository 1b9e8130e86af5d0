/** `npm run demo`, as the README promises it: sandbox in-process, the whole workflow, exit 0. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);

describe("npm run demo", () => {
  it("walks the whole workflow from the repository's document, with no key or network", async () => {
    // No key, and a base URL that would fail: the demo must set both itself.
    const env = { ...process.env, NUGEN_API_KEY: "", NUGEN_BASE_URL: "" };
    // exec rejects on a non-zero exit: resolving is the exit 0.
    const { stdout } = await exec("npm", ["run", "-s", "demo"], { env, timeout: 90_000 });
    const steps = [
      /Nugen sandbox running at http:\/\/127\.0\.0\.1:\d+/,
      /^1\. Document ready: doc_\w+/m,
      /^2\. Benchmark ready: benchmark_\w+/m,
      /aligning: PROCESSING \d+%/,
      /^3\. Aligned model ready: \S+/m,
      /^4\. Model deployed: \S+/m,
      /evaluating: \w+ \d+\/\d+ questions/,
      /^5\. Evaluation eval_\w+: .+\n {5}\w+: (\d\.\d\d → )?\d\.\d\d$/m,
      /^6\. Model undeployed: \S+/m,
      /The whole workflow ran in \d+\.\d s/,
    ];
    let position = 0;
    for (const step of steps) {
      const match = step.exec(stdout.slice(position));
      expect(match, `${step} after position ${position} of:\n${stdout}`).not.toBeNull();
      position += match!.index + match![0].length;
    }
    // The same model goes through steps 3, 4 and 6.
    const model = /^3\. Aligned model ready: (\S+)/m.exec(stdout)![1];
    expect(stdout).toContain(`4. Model deployed: ${model}`);
    expect(stdout).toContain(`6. Model undeployed: ${model}`);
  }, 90_000);
});

describe("examples/quickstart.ts", () => {
  it("runs again against the same sandbox: the document uploaded before is reused", async () => {
    const { createSandbox } = await import("../src/sandbox/index.js");
    const sandbox = await createSandbox({
      log: false,
      documentSeconds: 0.2,
      benchmarkSeconds: 0.2,
      jobSeconds: 0.5,
      deploySeconds: 0.2,
      evaluationSeconds: 0.2,
      undeploySeconds: 0.2,
    });
    try {
      const env = { ...process.env, NUGEN_API_KEY: "sandbox-key", NUGEN_BASE_URL: sandbox.url };
      const run = () => exec("npx", ["tsx", "examples/quickstart.ts"], { env, timeout: 60_000 });
      const first = await run();
      const second = await run();
      const documentId = /^1\. Document ready: (doc_\w+)$/m.exec(first.stdout)?.[1];
      expect(documentId).toBeDefined();
      expect(second.stdout).toContain(`1. Document ready: ${documentId} (uploaded before)`);
      expect(second.stdout).toMatch(/^6\. Model undeployed: /m);
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
