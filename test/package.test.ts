/**
 * The package as a user gets it: build, `npm pack`, install the tarball into a fresh
 * project, then import it with ESM and CommonJS and call a local server.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson, startServer, type TestServer } from "./helpers/server.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
// Asynchronous, so the in-process test server keeps answering while a child runs.
const exec = promisify(execFile);
let project: string;
let server: TestServer;

beforeAll(async () => {
  server = await startServer((_req, res) =>
    sendJson(res, 200, { domain_aligned_models: [{ id: "m-1", name: "n", base_model: "b", status: "DEPLOYED" }] }),
  );
  project = mkdtempSync(join(tmpdir(), "nugen-consumer-"));
  // dist/ is built once by the global setup (test/helpers/build.ts).
  await exec(npm, ["pack", "--pack-destination", project], { cwd: root });
  const tarball = readdirSync(project).find((name) => name.endsWith(".tgz"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  // The oldest TypeScript we support (5.0) and the newest 5.x, side by side.
  await exec(
    npm,
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      `./${tarball}`,
      "ts-oldest@npm:typescript@5.0.4",
      "ts-newest@npm:typescript@5",
    ],
    {
      cwd: project,
    },
  );
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
  it("ships only the code, its types and the README, and stays small", async () => {
    // Whatever else sits in dist/ (the docs site and its screenshot after `npm run docs`) stays out.
    mkdirSync(join(root, "dist/docs"), { recursive: true });
    writeFileSync(join(root, "dist/docs/probe.png"), Buffer.alloc(1024));
    const { stdout } = await exec(npm, ["pack", "--dry-run", "--json"], { cwd: root });
    const [report] = JSON.parse(stdout) as { size: number; unpackedSize: number; files: { path: string }[] }[];
    const paths = report!.files.map((file) => file.path);
    for (const path of paths) expect(path).toMatch(/^(dist\/[\w.-]+\.(js|cjs|d\.ts|d\.cts)|README\.md|package\.json)$/);
    expect(paths).toEqual(
      expect.arrayContaining([
        "dist/index.js",
        "dist/index.cjs",
        "dist/index.d.ts",
        "dist/index.d.cts",
        "dist/sandbox.js",
        "dist/sandbox.cjs",
        "dist/cli.js",
        "README.md",
      ]),
    );
    // 2.5 MB when the docs rode along, 3.5 MB with the sandbox three times, the types twice and
    // the spec (openapi.yaml stays in the repository); each piece once, the sandbox and the CLI
    // minified: 1.18 MB with both API generations, agents, answer engines and keys.
    expect(report!.size).toBeLessThan(350_000);
    expect(report!.unpackedSize).toBeLessThanOrEqual(1_200_000);
  });

  it("holds each piece once: the sandbox in one file, the SDK in its ESM and its CommonJS build, the types in one", () => {
    const dist = join(project, "node_modules/nugen/dist");
    const holding = (text: string) =>
      readdirSync(dist).filter((name) => readFileSync(join(dist, name), "utf8").includes(text));
    // A sentence of each: the sandbox's router, the SDK's transport; and the generated types.
    expect(holding("is not implemented by the sandbox yet")).toEqual(["sandbox.cjs"]);
    const transport = holding("answered with a redirect, which the SDK does not follow");
    expect(transport).toHaveLength(2);
    expect(transport).toContain("index.cjs");
    expect(transport.filter((name) => name.startsWith("cli") || name.startsWith("sandbox"))).toEqual([]);
    expect(holding("interface operations {")).toEqual(["index.d.cts"]);
  });

  it("imports with ESM `import` and lists models", async () => {
    const out = await run(
      "esm.mjs",
      `import { Nugen, NotFoundError } from "nugen";\nconst models = await new Nugen().models.listAligned();\nconsole.log(typeof NotFoundError, models[0].id);\n`,
    );
    expect(out.trim()).toBe("function m-1");
  });

  it("starts the sandbox from nugen/sandbox and runs create and wait against it", async () => {
    const out = await run(
      "sandbox.mjs",
      `import { Nugen, toFile } from "nugen";\nimport { createSandbox } from "nugen/sandbox";\nconst sandbox = await createSandbox({ log: false, jobSeconds: 0.2, documentSeconds: 0.1 });\nconst nugen = new Nugen({ apiKey: "k", baseUrl: sandbox.url });\nconst [doc] = await nugen.documents.uploadAndWait(await toFile("Returns are accepted within 30 days.", "policy.md"), { pollIntervalMs: 50 });\nconst done = await nugen.alignmentProjects.createAndWait({ name: "p", base_model: "nugen-flash-instruct", document_ids: [doc.document_id] }, { pollIntervalMs: 50 });\nconsole.log(done.status);\nawait sandbox.close();\n`,
    );
    expect(out.trim()).toBe("READY");
  });

  it("starts the sandbox with CommonJS `require`", async () => {
    const out = await run(
      "sandbox.cjs",
      `const { createSandbox } = require("nugen/sandbox");\nconst { Nugen } = require("nugen");\ncreateSandbox({ log: false }).then(async (sandbox) => {\n  const models = await new Nugen({ apiKey: "k", baseUrl: sandbox.url }).models.listBase();\n  console.log(models.length > 0);\n  await sandbox.close();\n});\n`,
    );
    expect(out.trim()).toBe("true");
  });

  it("runs the installed `nugen` command, which loads the SDK from the package's own entry", async () => {
    const { stdout } = await exec(
      process.execPath,
      [join(project, "node_modules/nugen/dist/cli.js"), "models", "list", "--json"],
      {
        cwd: project,
        env: { ...process.env, NUGEN_API_KEY: "nk-consumer-0123456789", NUGEN_BASE_URL: server.url },
      },
    );
    expect(JSON.parse(stdout)[0].id).toBe("m-1");
  });

  it("loads with CommonJS `require` and lists models", async () => {
    const out = await run(
      "cjs.cjs",
      `const { Nugen, NugenError } = require("nugen");\nnew Nugen().models.listAligned().then((m) => console.log(typeof NugenError, m[0].id));\n`,
    );
    expect(out.trim()).toBe("function m-1");
  });
});

describe("a consumer's TypeScript", () => {
  const consumer = `import { Nugen, NotFoundError, type CreateAlignmentProjectRequest, type DomainAlignedModel } from "nugen";
import { createSandbox } from "nugen/sandbox";

const sandbox = await createSandbox({ port: 0, log: false });
const nugen = new Nugen({ apiKey: "k", baseUrl: sandbox.url, maxRetries: 1 });
const models: DomainAlignedModel[] = await nugen.models.listAligned();
const accuracy: number | undefined = models[0]?.performance_metrics?.accuracy;
const body: CreateAlignmentProjectRequest = { name: "n", base_model: "m", document_ids: ["d"] };
const created: { id: string; status: string } = await nugen.alignmentProjects.create(body);
const done = await nugen.alignmentProjects.waitUntilDone(created.id, { pollIntervalMs: 10 });
const status: string = done.status;
// @ts-expect-error document_ids is required
const missing: CreateAlignmentProjectRequest = { name: "n", base_model: "m" };
// @ts-expect-error document_ids is required by create, too
void nugen.alignmentProjects.create({ name: "n", base_model: "m" });
console.log(accuracy, status, missing, NotFoundError.name);
await sandbox.close();
`;

  it.each(["ts-oldest", "ts-newest"])("type-checks a strict consumer with %s", async (compiler) => {
    writeFileSync(join(project, "consumer.ts"), consumer);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "es2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          // TypeScript 5.0 cannot check openapi-fetch's own declaration files (they need a
          // newer lib), so there, as in most projects, libraries are not re-checked. The
          // consumer's code still is: each @ts-expect-error must meet a real error.
          skipLibCheck: compiler === "ts-oldest",
          types: [],
        },
        files: ["consumer.ts"],
      }),
    );
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }),
    );
    const tsc = join(project, "node_modules", compiler, "bin", "tsc");
    const { stdout } = await exec(process.execPath, [tsc, "--version"], { cwd: project });
    expect(stdout).toMatch(compiler === "ts-oldest" ? /^Version 5\.0\./ : /^Version 5\.\d+\./);
    await expect(exec(process.execPath, [tsc, "-p", "."], { cwd: project })).resolves.toBeDefined();
  });
});
