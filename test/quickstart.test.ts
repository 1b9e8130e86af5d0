/**
 * examples/quickstart.ts, unchanged, against a sandbox that speaks one API generation alone:
 * the same user code runs the whole workflow on a 2026-07 server and on a 2026-09 one, and
 * sends nothing to the other generation's routes (which such a sandbox answers 404).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createSandbox } from "../src/sandbox/index.js";

const exec = promisify(execFile);

/** The ids each generation's server gives, as the quickstart prints them. */
const IDS = {
  "2026-07": { document: /doc_\w+/, evaluation: /eval_\w+/ },
  "2026-09": { document: /document_\w+/, evaluation: /evaluation_\w+/ },
} as const;

describe.each(["2026-07", "2026-09"] as const)("examples/quickstart.ts on a %s server alone", (generation) => {
  it("runs every step of the workflow, from the document to the undeployed model", async () => {
    const requests: string[] = [];
    const sandbox = await createSandbox({
      generation,
      log: (line) => requests.push(line),
      documentSeconds: 0.2,
      benchmarkSeconds: 0.2,
      jobSeconds: 0.5,
      deploySeconds: 0.2,
      evaluationSeconds: 0.2,
      undeploySeconds: 0.2,
    });
    try {
      const env = {
        ...process.env,
        NUGEN_API_KEY: "sandbox-key",
        NUGEN_BASE_URL: sandbox.url,
        NUGEN_API_GENERATION: "",
      };
      const { stdout } = await exec("npx", ["tsx", "examples/quickstart.ts"], { env, timeout: 60_000 });
      const { document, evaluation } = IDS[generation];
      const steps = [
        new RegExp(`^1\\. Document ready: ${document.source}$`, "m"),
        /^2\. Benchmark ready: benchmark_\w+$/m,
        /aligning: \w+ \d+%/,
        /^3\. Aligned model ready: \S+$/m,
        /deploying: \w+/,
        /^4\. Model deployed: \S+$/m,
        /evaluating: \w+ \d+\/\d+ questions/,
        new RegExp(`^5\\. Evaluation ${evaluation.source}: .+\\n {5}\\w+: (\\d\\.\\d\\d → )?\\d\\.\\d\\d$`, "m"),
        /^6\. Asking \S+: .+\?\n {5}\S.+\n {5}\(confidence \d+(\.\d)? of 100\)$/m,
        /^7\. Model undeployed: \S+$/m,
      ];
      let position = 0;
      for (const step of steps) {
        const match = step.exec(stdout.slice(position));
        expect(match, `${step} after position ${position} of:\n${stdout}`).not.toBeNull();
        position += match!.index + match![0].length;
      }
      // One model through steps 3 to 7, and it answered from the handbook.
      const model = /^3\. Aligned model ready: (\S+)$/m.exec(stdout)![1];
      for (const step of [`4. Model deployed: ${model}`, `6. Asking ${model}: `, `7. Model undeployed: ${model}`])
        expect(stdout).toContain(step);
      expect(/^6\. Asking \S+: .+\n {5}(.+)$/m.exec(stdout)![1]).toContain("PaketPlus");
      // Every request reached a route of the server's generation: none answered as unknown.
      const calls = requests.filter((line) => / (GET|POST|DELETE) \//.test(line));
      expect(calls.length).toBeGreaterThan(10);
      expect(calls.filter((line) => / 404 /.test(line))).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 90_000);
});
