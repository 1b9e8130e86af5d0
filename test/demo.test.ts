/** `npm run demo`, as the README promises it: sandbox in-process, quickstart to the end, exit 0. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);

describe("npm run demo", () => {
  it("creates a project, follows it to READY and lists the models, with no key or network", async () => {
    const env = { ...process.env, NUGEN_API_KEY: "", NUGEN_BASE_URL: "" };
    const { stdout } = await exec("npm", ["run", "-s", "demo"], { env, timeout: 60_000 });
    expect(stdout).toMatch(/Nugen sandbox running at http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/Created alignment project alignment_\w+ \(PROCESSING\)/);
    expect(stdout).toMatch(/100%\s+READY/);
    expect(stdout).toMatch(/Finished: READY, model customer-support-alignment-alignment-\w+/);
    expect(stdout).toContain("alignment-xyz789-deployed");
    expect(stdout).toMatch(/listed 4 aligned models\./);
  }, 60_000);
});
