import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: { index: "src/index.ts", sandbox: "src/sandbox/index.ts", "ai-sdk": "src/ai-sdk/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    outDir: "dist",
    // openapi-fetch ships a CommonJS build without an interop default; bundling its 2.6 kB
    // core makes `require("nugen")` work. Its types still come from the dependency.
    noExternal: ["openapi-fetch"],
    // nugen/ai-sdk takes the client and its errors from the package's own entry: one copy of
    // each class in ESM and CommonJS alike, so the errors of a client passed in are recognised.
    external: ["nugen"],
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
