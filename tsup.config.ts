import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: { index: "src/index.ts", sandbox: "src/sandbox/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    outDir: "dist",
    // openapi-fetch ships a CommonJS build without an interop default; bundling its 2.6 kB
    // core makes `require("nugen")` work. Its types still come from the dependency.
    noExternal: ["openapi-fetch"],
  },
  {
    // The `nugen` command: ESM only; the sandbox is a separate chunk loaded by `nugen sandbox` alone.
    entry: { cli: "src/cli/index.ts" },
    format: ["esm"],
    splitting: true,
    sourcemap: true,
    target: "node20",
    outDir: "dist",
    noExternal: ["openapi-fetch"],
  },
]);
