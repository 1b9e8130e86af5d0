import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { specPath } from "./helpers/spec.js";

const exec = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), "nugen-spec-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function check(spec: string) {
  return exec("npx", ["tsx", "scripts/generate.ts", "--check", "--spec", spec]).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stderr: string }) => ({ code: error.code, output: error.stderr }),
  );
}

describe("check:generated", () => {
  it("passes for the committed spec", async () => {
    expect(await check(specPath)).toMatchObject({ code: 0 });
  });

  it("fails when a field of openapi.yaml changes without regenerating", async () => {
    const changed = readFileSync(specPath, "utf8").replace("Name of the aligned model.", "Display name of the aligned model.");
    const copy = join(scratch, "openapi.yaml");
    writeFileSync(copy, changed);
    const result = await check(copy);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/openapi\.ts differs.*\n.*npm run generate/s);
  });
});
