/**
 * Weight: the browser bundle of `import { Nugen } from "nugen"` (the whole API: every
 * resource hangs off the client), beside openai-node's `import OpenAI from "openai"`, where
 * its bytes are (an esbuild metafile of the same bundle built from the sources), and the
 * install footprint.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type Plugin } from "esbuild";
import { type Budget, round } from "./stats.js";

const exec = promisify(execFile);

async function minGzip(
  root: string,
  source: string,
  metafile = false,
  plugins: Plugin[] = [],
): Promise<{ minified: number; gzipped: number; metafile?: Metafile }> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile,
    plugins,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, metafile: result.metafile };
}

/** The part of the SDK an input file belongs to, for the table of where the bytes are. */
function part(path: string): string {
  if (path.startsWith("generated/request-schemas") || path.startsWith("src/core/schema-check"))
    return "request checks: the spec's request schemas and their checker (generated/request-schemas.ts, src/core/schema-check.ts)";
  if (path.startsWith("generated/")) return "operation table and statuses (generated/)";
  if (path.includes("node_modules/openapi-fetch")) return "openapi-fetch";
  if (/src\/core\/(stream|sse|accumulate)\./.test(path)) return "event streams (src/core/stream, sse, accumulate)";
  if (/src\/core\/(uploads|poll|job-status|pagination)\./.test(path))
    return "uploads, waiting, pages (src/core/uploads, poll, pagination)";
  if (path.startsWith("src/core/")) return "request core: transport, errors, validation, options, logging (src/core/)";
  if (path.startsWith("src/resources/")) return "resources (src/resources/)";
  return "client and entry (src/client.ts, src/index.ts, ...)";
}

/** `root`: the repository (sources, node_modules); `built`: the package as built for the bench (dist/, package.json). */
export async function measureSize(root: string, built: string) {
  // What a user's bundler takes: the package's built entry.
  const sdk = await minGzip(
    root,
    `import { Nugen } from ${JSON.stringify(join(built, "dist/index.js"))}; globalThis.x = new Nugen({ apiKey: "k" });`,
  );
  // The same from the sources (tsconfig maps "nugen" to src/index.ts), for a metafile that names every file.
  const fromSource = await minGzip(
    root,
    `import { Nugen } from "nugen"; globalThis.x = new Nugen({ apiKey: "k" });`,
    true,
  );
  // The same again with the request checks swapped for an empty table and a checker that finds nothing: what they cost after gzip.
  const noRequestChecks: Plugin = {
    name: "no-request-checks",
    setup(builder) {
      builder.onLoad({ filter: /generated[\\/]request-schemas\.ts$/ }, () => ({
        contents: "export const requestSchemas = {};",
        loader: "js",
      }));
      builder.onLoad({ filter: /src[\\/]core[\\/]schema-check\.ts$/ }, () => ({
        contents: "export const schemaIssues = () => [];",
        loader: "js",
      }));
    },
  };
  const withoutRequestChecks = await minGzip(
    root,
    `import { Nugen } from "nugen"; globalThis.x = new Nugen({ apiKey: "k" });`,
    false,
    [noRequestChecks],
  );
  const openai = await minGzip(root, `import OpenAI from "openai"; globalThis.x = new OpenAI({ apiKey: "k" });`);
  const bareOpenapiFetch = await minGzip(
    root,
    `import createClient from "openapi-fetch"; globalThis.x = createClient({});`,
  );
  const output = Object.values(fromSource.metafile?.outputs ?? {})[0];
  const parts = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {}))
    parts.set(part(path), (parts.get(part(path)) ?? 0) + input.bytesInOutput);
  const minifiedTotal = [...parts.values()].reduce((sum, bytes) => sum + bytes, 0) || 1;
  // Gzip does not split by file: parts are told in minified bytes (the request checks' gzip cost is measured apart, below).
  const whereTheBytesAre = [...parts]
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => ({ part: name, minifiedBytes: bytes, share: round(bytes / minifiedTotal, 3) }));
  const largestFiles = Object.entries(output?.inputs ?? {})
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, 12)
    .map(([path, input]) => ({ path, minifiedBytes: input.bytesInOutput }));

  const entry = readFileSync(join(built, "dist/index.js"), "utf8");
  const runtimeImports = [...entry.matchAll(/^import .* from ["']([^."'][^"']*)["']/gm)].map((match) => match[1]);
  const scratch = mkdtempSync(join(tmpdir(), "nugen-pack-"));
  try {
    const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: built });
    const [packed] = JSON.parse(stdout) as { filename: string; unpackedSize: number; entryCount: number }[];
    const tarball = statSync(join(scratch, packed?.filename ?? "")).size;
    const results = {
      browserBundle: {
        sdkBytesMinGzip: sdk.gzipped,
        sdkBytesMin: sdk.minified,
        openaiNodeBytesMinGzip: openai.gzipped,
        openaiNodeBytesMin: openai.minified,
        openapiFetchAloneBytesMinGzip: bareOpenapiFetch.gzipped,
        fromSourceBytesMinGzip: fromSource.gzipped,
        fromSourceWithoutRequestChecksBytesMinGzip: withoutRequestChecks.gzipped,
        requestChecksBytesMinGzip: fromSource.gzipped - withoutRequestChecks.gzipped,
        whereTheBytesAre,
        largestFiles,
      },
      install: {
        tarballBytes: tarball,
        unpackedBytes: packed?.unpackedSize,
        files: packed?.entryCount,
        sdkEntryRuntimeImports: runtimeImports,
      },
    };
    const budgets: Budget[] = [
      {
        name: "browser bundle, whole API (`import { Nugen }`), min+gzip",
        figure: round(sdk.gzipped / 1000, 2),
        unit: "kB",
        limit: 18,
        kind: "max",
        detail: `openai-node ${(openai.gzipped / 1000).toFixed(1)} kB; the request checks are ${((fromSource.gzipped - withoutRequestChecks.gzipped) / 1000).toFixed(1)} kB of it, the request core (src/core/) ${Math.round(((parts.get(part("src/core/transport.ts")) ?? 0) / minifiedTotal) * 100)}% of the minified bytes`,
      },
      {
        name: "package unpacked (`npm pack`)",
        figure: round((packed?.unpackedSize ?? 0) / 1e6, 2),
        unit: "MB",
        limit: 1.2,
        kind: "max",
      },
      { name: "runtime imports of the SDK entry", figure: runtimeImports.length, unit: "", limit: 0, kind: "max" },
    ];
    return { results, budgets };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
