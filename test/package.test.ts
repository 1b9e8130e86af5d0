/**
 * The package as a user gets it: build, `npm pack`, install the tarball into a fresh
 * project, then import it with ESM and CommonJS and call a local server.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestServer, sendJson, startServer } from "./helpers/server.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
// Asynchronous, so the in-process test server keeps answering while a child runs.
const exec = promisify(execFile);
let project: string;
let server: TestServer;

beforeAll(async () => {
  server = await startServer((_req, res) => sendJson(res, 200, { domain_aligned_models: [{ id: "m-1", name: "n", base_model: "b", status: "DEPLOYED" }] }));
  project = mkdtempSync(join(tmpdir(), "nugen-consumer-"));
  // dist/ is built once by the global setup (test/helpers/build.ts).
  await exec(npm, ["pack", "--pack-destination", project], { cwd: root });
  const tarball = readdirSync(project).find((name) => name.endsWith(".tgz"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  await exec(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", `./${tarball}`], { cwd: project });
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

async function run(file: string, source: string): Promise<string> {
  writeFileSync(join(project, file), source);
  const { stdout } = await exec(process.execPath, [file], {
    cwd: project,
    env: { ...process.env, NUGEN_API_KEY: "nk-consumer-0123456789", NUGEN_BASE_URL: server.url },
  });
  return stdout;
}

describe("the packed tarball", () => {
  it("imports with ESM `import` and lists models", async () => {
    const out = await run("esm.mjs", `import { Nugen, NotFoundError } from "nugen";\nconst models = await new Nugen().models.listAligned();\nconsole.log(typeof NotFoundError, models[0].id);\n`);
    expect(out.trim()).toBe("function m-1");
  });

  it("starts the sandbox from nugen/sandbox and runs create and wait against it", async () => {
    const out = await run(
      "sandbox.mjs",
      `import { Nugen } from "nugen";\nimport { createSandbox } from "nugen/sandbox";\nconst sandbox = await createSandbox({ log: false, jobSeconds: 0.2 });\nconst nugen = new Nugen({ apiKey: "k", baseUrl: sandbox.url });\nconst done = await nugen.alignmentProjects.createAndWait({ name: "p", base_model: "m", document_ids: ["d"] }, { pollIntervalMs: 50 });\nconsole.log(done.status);\nawait sandbox.close();\n`,
    );
    expect(out.trim()).toBe("READY");
  });

  it("loads with CommonJS `require` and lists models", async () => {
    const out = await run("cjs.cjs", `const { Nugen, NugenError } = require("nugen");\nnew Nugen().models.listAligned().then((m) => console.log(typeof NugenError, m[0].id));\n`);
    expect(out.trim()).toBe("function m-1");
  });
});
