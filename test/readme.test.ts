/** The README's quickstart is examples/quickstart.ts to the letter, the code `npm run demo` runs. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
const readme = read("README.md");
/** The README's section under a `## ` heading, up to the next one. */
const section = (heading: string) => {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, `README has a "## ${heading}" section`).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
};

describe("README", () => {
  it("shows examples/quickstart.ts verbatim in its Quickstart section", () => {
    expect(section("Quickstart")).toContain(`\`\`\`ts\n${read("examples/quickstart.ts")}\`\`\``);
  });

  it("says the quickstart is an ES module, since it awaits at the top level", () => {
    // The note is needed as long as the quickstart awaits outside any function.
    expect(read("examples/quickstart.ts")).toMatch(/^(const .* = )?await /m);
    const quickstart = section("Quickstart");
    expect(quickstart).toMatch(/ES module/);
    expect(quickstart).toContain('"type": "module"');
    expect(quickstart).toContain(".mts");
  });

  it("says how to install the package before it is published, with the file name npm pack makes", () => {
    const { name, version } = JSON.parse(read("package.json")) as { name: string; version: string };
    const install = section("Install");
    expect(install).toContain("npm install <path-to-clone>");
    expect(install).toContain("npm pack");
    expect(install).toContain(`npm install ./${name}-${version}.tgz`);
  });

  it("gives the two set-up commands", () => {
    expect(readme).toContain("npm install && npm run demo");
    expect(readme).toMatch(/^npm test\b/m);
  });

  it("describes the document the demo uploads, which is in the repository", () => {
    const path = /examples\/data\/[\w-]+\.md/.exec(read("examples/quickstart.ts"))?.[0];
    expect(path).toBeDefined();
    expect(read(path!).split("\n").length).toBeGreaterThanOrEqual(40);
    expect(section("Set-up")).toContain(path);
  });
});
