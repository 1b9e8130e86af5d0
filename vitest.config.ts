import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // Examples import "nugen" as users do; in the repo that is the source.
  resolve: {
    alias: [
      { find: /^nugen\/sandbox$/, replacement: source("./src/sandbox/index.ts") },
      { find: /^nugen\/ai-sdk$/, replacement: source("./src/ai-sdk/index.ts") },
      { find: /^nugen$/, replacement: source("./src/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/build.ts"],
    // Tests start real servers and processes; no test measures time.
    testTimeout: 20_000,
  },
});
