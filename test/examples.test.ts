/**
 * The code the docs show is code that runs: each operation's TypeScript, curl and CLI
 * sample under examples/operations/ is executed against the sandbox. (`npm run typecheck`
 * compiles the TypeScript ones; scripts/docs.ts injects all of them into the site.)
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Nugen } from "../src/index.js";
import { type Sandbox, createSandbox } from "../src/sandbox/index.js";
import { cliPath } from "./helpers/cli.js";
import { spec } from "./helpers/spec.js";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const samplesDir = join(root, "examples/operations");
let sandbox: Sandbox;
let env: NodeJS.ProcessEnv;
let binDir: string;

beforeAll(async () => {
  sandbox = await createSandbox({ log: false, jobSeconds: 0.5 });
  const { id } = await new Nugen({ apiKey: "k", baseUrl: sandbox.url }).alignmentProjects.create({ name: "Sample", base_model: "m", document_ids: ["d"] });
  // `nugen` on the PATH is the built CLI, as after `npm install -g nugen`.
  binDir = mkdtempSync(join(tmpdir(), "nugen-bin-"));
  writeFileSync(join(binDir, "nugen"), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  chmodSync(join(binDir, "nugen"), 0o755);
  env = { ...process.env, NUGEN_API_KEY: "sample-key", NUGEN_BASE_URL: sandbox.url, PROJECT_ID: id, PATH: `${binDir}:${process.env.PATH}` };
});
afterAll(async () => {
  await sandbox.close();
  rmSync(binDir, { recursive: true, force: true });
});

const operationIds: string[] = Object.values<Record<string, any>>(spec.paths).flatMap((item) => Object.values<any>(item).map((op) => op.operationId));

describe("examples/operations", () => {
  it("has a TypeScript, a curl and a CLI sample for every operation, and nothing else", () => {
    const expected = operationIds.flatMap((id) => [`${id}.ts`, `${id}.curl.sh`, `${id}.cli.sh`]).sort();
    expect(readdirSync(samplesDir).sort()).toEqual(expected);
  });

  it.each(operationIds)("%s.ts runs against the sandbox", async (operationId) => {
    const { stdout } = await exec("npx", ["tsx", join(samplesDir, `${operationId}.ts`)], { env, cwd: root });
    expect(stdout.trim().length).toBeGreaterThan(0);
  });

  it.each(operationIds)("%s.curl.sh runs against the sandbox and answers JSON", async (operationId) => {
    const { stdout } = await exec("bash", ["-euo", "pipefail", join(samplesDir, `${operationId}.curl.sh`)], { env });
    expect(() => JSON.parse(stdout)).not.toThrow();
  });

  it.each(operationIds)("%s.cli.sh runs against the sandbox", async (operationId) => {
    const { stdout } = await exec("bash", ["-euo", "pipefail", join(samplesDir, `${operationId}.cli.sh`)], { env });
    expect(stdout.trim().length).toBeGreaterThan(0);
  });
});
