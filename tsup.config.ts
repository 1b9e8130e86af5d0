import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Plugin } from "esbuild";
import { defineConfig, type Options } from "tsup";

/**
 * The package ships each piece once. The SDK is built as ESM (tree-shaken by bundlers, for
 * browsers too) and as CommonJS; the sandbox, which runs on Node only, as CommonJS alone, its
 * ESM entry a re-export; the declarations once, as .d.cts, the .d.ts of each entry a
 * re-export; the CLI loads the SDK and the sandbox through the package's own entries. The
 * two Node tools, the sandbox and the CLI, are minified (names kept, for stack traces): a
 * third of their weight; the SDK's builds, which callers step through, are not.
 */
const ENTRIES = { index: "src/index.ts", sandbox: "src/sandbox/index.ts", "ai-sdk": "src/ai-sdk/index.ts" };

/** In the CLI, an import of the SDK's or the sandbox's entry is the package's own `nugen` or `nugen/sandbox`. */
const ownEntries: Plugin = {
  name: "own-entries",
  setup(build) {
    const entries = new Map([
      [resolve(ENTRIES.index), "nugen"],
      [resolve(ENTRIES.sandbox), "nugen/sandbox"],
    ]);
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const own = entries.get(resolve(args.resolveDir, args.path).replace(/\.js$/, ".ts"));
      return own ? { path: own, external: true } : undefined;
    });
  },
};

/** The ESM declarations and the sandbox's ESM entry: each a re-export of its CommonJS twin. */
function writeReexports(outDir: string): void {
  for (const entry of Object.keys(ENTRIES))
    writeFileSync(join(outDir, `${entry}.d.ts`), `export * from "./${entry}.cjs";\n`);
  writeFileSync(
    join(outDir, "sandbox.js"),
    `// The sandbox runs on Node only and is built once, as CommonJS: this is its ESM entry.\nexport * from "./sandbox.cjs";\n`,
  );
}

export default defineConfig((flags): Options[] => {
  const outDir = flags.outDir ?? "dist";
  // Emptied here, not by tsup's `clean`: the declaration build's clean would take the re-exports with it.
  rmSync(outDir, { recursive: true, force: true });
  const shared: Options = {
    sourcemap: true,
    target: "es2022",
    outDir,
    // openapi-fetch ships a CommonJS build without an interop default; bundling its 2.6 kB
    // core makes `require("nugen")` work. Its types still come from the dependency.
    noExternal: ["openapi-fetch"],
    // nugen/ai-sdk takes the client and its errors from the package's own entry: one copy of
    // each class in ESM and CommonJS alike, so the errors of a client passed in are recognised.
    external: ["nugen"],
  };
  const tool: Options = { minify: true, keepNames: true };
  return [
    { ...shared, entry: ENTRIES, format: ["cjs"], dts: { only: true } },
    { ...shared, entry: { index: ENTRIES.index, "ai-sdk": ENTRIES["ai-sdk"] }, format: ["cjs"] },
    { ...shared, ...tool, entry: { sandbox: ENTRIES.sandbox }, format: ["cjs"] },
    {
      ...shared,
      entry: { index: ENTRIES.index, "ai-sdk": ENTRIES["ai-sdk"] },
      format: ["esm"],
      onSuccess: async () => writeReexports(outDir),
    },
    {
      // The `nugen` command: ESM only. `nugen sandbox` alone loads the sandbox.
      ...tool,
      entry: { cli: "src/cli/index.ts" },
      format: ["esm"],
      sourcemap: true,
      target: "node20",
      outDir,
      esbuildPlugins: [ownEntries],
    },
  ];
});
