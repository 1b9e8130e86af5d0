/**
 * nugen/ai-sdk as built (dist/, by the global setup): `nugen` alone never loads the AI SDK
 * (a bundler following the SDK entry meets no @ai-sdk module, nor the provider's code), and
 * the subpath loads with ESM `import` and CommonJS `require`, where the AI SDK recognises its
 * errors, also those of a client made from `require("nugen")`.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson, startServer, type TestServer } from "./helpers/server.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const exec = promisify(execFile);
let server: TestServer;

beforeAll(async () => {
  server = await startServer((_request, response) => sendJson(response, 404, { detail: "Model m not found" }));
});
afterAll(() => server?.close());

/** The files a bundler takes in for `source`, resolved from the repository as a user's project resolves `nugen`. */
async function bundledInputs(source: string): Promise<string[]> {
  // Not the repository's tsconfig, whose paths point `nugen` at the sources.
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: "js" },
    tsconfigRaw: {},
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs);
}

describe("the SDK entry stays free of the AI SDK", () => {
  it("bundling `nugen` takes in no @ai-sdk module and none of the provider; bundling nugen/ai-sdk does", async () => {
    const sdk = await bundledInputs(`export { Nugen } from "${root}dist/index.js";`);
    expect(sdk.length).toBeGreaterThan(1);
    expect(sdk.filter((path) => /@ai-sdk|node_modules\/ai\/|ai-sdk\.js/.test(path))).toEqual([]);
    // CommonJS is bundled whole into one file per entry: the SDK's requires nothing of the AI SDK.
    expect(readFileSync(`${root}dist/index.cjs`, "utf8")).not.toMatch(/require\(["']@ai-sdk|ai-sdk\/provider/);
    expect(readFileSync(`${root}dist/ai-sdk.cjs`, "utf8")).toMatch(/require\("@ai-sdk\/provider"\)/);
    const provider = await bundledInputs(`export { createNugen } from "${root}dist/ai-sdk.js";`);
    expect(provider).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/node_modules\/@ai-sdk\/provider\//),
        "dist/ai-sdk.js",
        "dist/index.js",
      ]),
    );
  });
});

describe("loading nugen/ai-sdk", () => {
  const script = (load: string) => `${load}
const nugen = createNugen({ client: new Nugen({ apiKey: "nk-package-0123456789", baseUrl: process.env.API, maxRetries: 0 }) });
nugen("m").doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }] }).catch((error) => {
  console.log(JSON.stringify({ apiCallError: APICallError.isInstance(error), status: error.statusCode, kind: typeof nugen.embeddingModel("e").doEmbed }));
});`;
  const run = async (flag: string, source: string) => {
    const { stdout } = await exec(process.execPath, [flag, "--eval", source], {
      cwd: root,
      env: { ...process.env, API: server.url },
    });
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "null");
  };
  const expected = { apiCallError: true, status: 404, kind: "function" };

  it("with ESM import", async () => {
    const load = `import { createNugen } from "nugen/ai-sdk"; import { Nugen } from "nugen"; import { APICallError } from "@ai-sdk/provider";`;
    expect(await run("--input-type=module", script(load))).toEqual(expected);
  });

  it("with CommonJS require", async () => {
    const load = `const { createNugen } = require("nugen/ai-sdk"); const { Nugen } = require("nugen"); const { APICallError } = require("@ai-sdk/provider");`;
    expect(await run("--input-type=commonjs", script(load))).toEqual(expected);
  });
});
