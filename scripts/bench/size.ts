/** Weight: the browser bundle of `import { Nugen } from "nugen"`, and the install footprint. */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { Budget } from "./stats.js";

const exec = promisify(execFile);

async function minGzip(root: string, source: string): Promise<{ minified: number; gzipped: number }> {
  const result = await build({ stdin: { contents: source, resolveDir: root, loader: "js" }, bundle: true, minify: true, platform: "browser", format: "esm", write: false });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

export async function measureSize(root: string) {
  const sdk = await minGzip(root, `import { Nugen } from "./dist/index.js"; globalThis.x = new Nugen({ apiKey: "k" });`);
  const bareOpenapiFetch = await minGzip(root, `import createClient from "openapi-fetch"; globalThis.x = createClient({});`);
  const entry = readFileSync(join(root, "dist/index.js"), "utf8");
  const runtimeImports = [...entry.matchAll(/^import .* from ["']([^."'][^"']*)["']/gm)].map((match) => match[1]);

  const scratch = mkdtempSync(join(tmpdir(), "nugen-pack-"));
  try {
    const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: root });
    const [packed] = JSON.parse(stdout) as { filename: string; unpackedSize: number; entryCount: number }[];
    const tarball = statSync(join(scratch, packed?.filename ?? "")).size;
    const results = {
      browserBundle: { sdkBytesMinGzip: sdk.gzipped, sdkBytesMin: sdk.minified, openapiFetchAloneBytesMinGzip: bareOpenapiFetch.gzipped },
      install: { tarballBytes: tarball, unpackedBytes: packed?.unpackedSize, files: packed?.entryCount, sdkEntryRuntimeImports: runtimeImports },
    };
    const budgets: Budget[] = [
      { name: "browser bundle of Nugen, min+gzip", figure: sdk.gzipped / 1000, unit: "kB", limit: 5, kind: "max", detail: `openapi-fetch alone ${(bareOpenapiFetch.gzipped / 1000).toFixed(2)} kB` },
      { name: "runtime imports of the SDK entry", figure: runtimeImports.length, unit: "", limit: 0, kind: "max" },
    ];
    return { results, budgets };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
