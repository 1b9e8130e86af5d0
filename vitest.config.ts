import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests start real servers and processes; no test measures time.
    testTimeout: 20_000,
  },
});
