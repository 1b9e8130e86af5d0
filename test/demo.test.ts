/**
 * `npm run demo`, as the README promises it: sandbox in-process, the whole workflow, exit 0.
 * The demo and the quickstart run as they are, on a clock ten times faster (see
 * helpers/fast-clock.mjs): their jobs, polls and streamed tokens keep their pace relative to
 * each other, and the test waits seconds instead of half a minute.
 */
import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const fastClock = fileURLToPath(new URL("./helpers/fast-clock.mjs", import.meta.url));
/** The environment for a command whose node processes all run on the fast clock. */
const onFastClock = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...env,
  NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --import=${fastClock}`.trim(),
  FAST_CLOCK_FACTOR: "10",
});

/** Runs a command to its end, keeping each piece of stdout as it arrived. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; pieces: string[] }> {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
  const pieces: string[] = [];
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (piece: string) => pieces.push(piece));
  child.stderr.setEncoding("utf8").on("data", (piece: string) => (stderr += piece));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: pieces.join(""), stderr, pieces }));
  });
}

describe("npm run demo", () => {
  it("walks the whole workflow from the repository's document, with no key or network", async () => {
    // No key, and a base URL that would fail: the demo must set both itself.
    const env = onFastClock({ ...process.env, NUGEN_API_KEY: "", NUGEN_BASE_URL: "" });
    const { code, stdout, stderr, pieces } = await run("npm", ["run", "-s", "demo"], env, 90_000);
    expect(code, `exit status; stderr:\n${stderr}\nstdout:\n${stdout}`).toBe(0);
    const steps = [
      /Nugen sandbox running at http:\/\/127\.0\.0\.1:\d+/,
      // The default sandbox speaks 2026-09: final document ids, a project queued before it trains.
      /^1\. Document ready: document_\w+/m,
      /^2\. Benchmark ready: benchmark_\w+/m,
      /aligning: (QUEUED|PROCESSING) \d+%/,
      /^3\. Aligned model ready: \S+/m,
      /^4\. Model deployed: \S+/m,
      /evaluating: \w+ \d+\/\d+ questions/,
      /^5\. Evaluation evaluation_\w+: .+\n {5}\w+: (\d\.\d\d → )?\d\.\d\d$/m,
      /^6\. Asking \S+: .+\?\n {5}\S.+\n {5}\(confidence \d+(\.\d)? of 100\)$/m,
      /^7\. Model undeployed: \S+/m,
      /The whole workflow ran in \d+\.\d s/,
    ];
    let position = 0;
    for (const step of steps) {
      const match = step.exec(stdout.slice(position));
      expect(match, `${step} after position ${position} of:\n${stdout}`).not.toBeNull();
      position += match!.index + match![0].length;
    }
    // The evaluation looks like one: the model aligned on the handbook scores above its base model on every metric.
    const scores = [...stdout.matchAll(/^ {5}(\w+): (\d\.\d\d) → (\d\.\d\d)$/gm)];
    expect(scores.map(([, metric]) => metric)).toEqual(["answer_relevance_mean", "binary_correctness_mean"]);
    for (const [line, , before, after] of scores) expect(Number(after), line).toBeGreaterThan(Number(before));
    // The same model goes through steps 3, 4, 6 and 7.
    const model = /^3\. Aligned model ready: (\S+)/m.exec(stdout)![1];
    expect(stdout).toContain(`4. Model deployed: ${model}`);
    expect(stdout).toContain(`6. Asking ${model}: `);
    expect(stdout).toContain(`7. Model undeployed: ${model}`);

    // The answer comes from the handbook: words the question does not hold, from the document.
    const [, question, answer] = /^6\. Asking \S+: (.+)\n {5}(.+)$/m.exec(stdout)!;
    expect(question).not.toMatch(/PaketPlus/);
    expect(answer).toContain("kestrel-support-handbook.md");
    expect(answer).toContain("PaketPlus");
    // And it streamed: it reached stdout in several pieces, not in one write at the end.
    const answerStart = stdout.indexOf(answer!);
    let offset = 0;
    const piecesOfAnswer = pieces.filter((piece) => {
      const start = offset;
      offset += piece.length;
      return offset > answerStart && start < answerStart + answer!.length;
    });
    expect(piecesOfAnswer.length).toBeGreaterThanOrEqual(3);
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
      // The quickstart's clock runs ten times faster: so do these jobs.
      speed: 10,
    });
    try {
      const env = onFastClock({ ...process.env, NUGEN_API_KEY: "sandbox-key", NUGEN_BASE_URL: sandbox.url });
      const run = () => exec(process.execPath, ["--import", "tsx", "examples/quickstart.ts"], { env, timeout: 60_000 });
      const first = await run();
      const second = await run();
      const documentId = /^1\. Document ready: (document_\w+)$/m.exec(first.stdout)?.[1];
      expect(documentId).toBeDefined();
      expect(second.stdout).toContain(`1. Document ready: ${documentId} (uploaded before)`);
      expect(second.stdout).toMatch(/^7\. Model undeployed: /m);
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
