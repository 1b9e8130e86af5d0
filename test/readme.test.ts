/** The README's quickstart is examples/quickstart.ts to the letter, the code `npm run demo` runs. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

describe("README", () => {
  it("shows examples/quickstart.ts verbatim", () => {
    expect(read("README.md")).toContain(`\`\`\`ts\n${read("examples/quickstart.ts")}\`\`\``);
  });

  it("gives the two set-up commands", () => {
    expect(read("README.md")).toContain("npm install && npm run demo");
    expect(read("README.md")).toMatch(/^npm test\b/m);
  });
});
