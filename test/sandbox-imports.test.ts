/**
 * The sandbox travels one way: request → route → lifecycle/state → answer. Each file may
 * import only files of its own layer or of a layer below it, and no import goes round in a
 * circle, so a behaviour is found by walking down from its route and never back up.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../src/sandbox/", import.meta.url));

/** Top first. A path ending in `/` is a folder's files. */
const LAYERS: { name: string; files: string[] }[] = [
  { name: "composition", files: ["index.ts", "server.ts", "app.ts"] },
  { name: "routes", files: ["routes/"] },
  {
    name: "HTTP plumbing",
    files: [
      "routing.ts",
      "bodies.ts",
      "fastapi-errors.ts",
      "request-log.ts",
      "faults.ts",
      "access.ts",
      "streams.ts",
      "optional-headers.ts",
    ],
  },
  { name: "state", files: ["world.ts", "store.ts"] },
  { name: "records and answers", files: ["lifecycle/", "inference/"] },
  { name: "leaves", files: ["settings.ts", "refusal.ts", "clock.ts", "blobs.ts"] },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [relative(ROOT, path).split("\\").join("/")] : [];
  });
}

/** The sandbox files a file imports (static, re-exported or dynamic; types too), as paths from src/sandbox. */
// biome-ignore lint/suspicious/noExportsInTest: the reader of import lines is exported to be tested on its own cases below.
export function importsOf(file: string, text: string): string[] {
  const specifiers = [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g,
    ),
  ].map((match) => match[1] ?? match[2] ?? match[3] ?? "");
  return specifiers
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) =>
      relative(ROOT, resolve(ROOT, file, "..", specifier.replace(/\.js$/, ".ts")))
        .split("\\")
        .join("/"),
    )
    .filter((path) => !path.startsWith(".."));
}

function layerOf(file: string): number {
  const index = LAYERS.findIndex((layer) =>
    layer.files.some((entry) => (entry.endsWith("/") ? file.startsWith(entry) : file === entry)),
  );
  if (index < 0)
    throw new Error(`src/sandbox/${file} is in no layer: add it to LAYERS in test/sandbox-imports.test.ts.`);
  return index;
}

const files = sourceFiles(ROOT).sort();
const graph = new Map(files.map((file) => [file, importsOf(file, readFileSync(join(ROOT, file), "utf8"))]));

/** A circle of imports for each import that closes one (a depth-first walk's back edges), as the files round it. */
function cycles(): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (file: string, path: string[]) => {
    if (done.has(file)) return;
    const at = path.indexOf(file);
    if (at >= 0) {
      found.push([...path.slice(at), file]);
      return;
    }
    for (const next of graph.get(file) ?? []) walk(next, [...path, file]);
    done.add(file);
  };
  for (const file of files) walk(file, []);
  return found;
}

describe("the sandbox's imports go one way", () => {
  it("reads the imports it checks", () => {
    // The rule is only as good as the parser: these files are known to import these.
    expect(graph.get("app.ts")).toEqual(expect.arrayContaining(["routes/agents.ts", "world.ts", "store.ts"]));
    expect(graph.get("routes/agents.ts")).toEqual(expect.arrayContaining(["lifecycle/agents.ts", "routing.ts"]));
    expect(
      importsOf(
        "routes/x.ts",
        'import {\n  a,\n  b,\n} from "../world.js";\nexport type { C } from "./c.js";\nconst d = await import("../d.js");',
      ),
    ).toEqual(["world.ts", "routes/c.ts", "d.ts"]);
  });

  it("puts every file in a layer", () => {
    for (const file of files) expect(() => layerOf(file)).not.toThrow();
  });

  it("has no import that goes back up a layer", () => {
    const upward = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((imported) => layerOf(imported) < layerOf(file))
        .map(
          (imported) =>
            `${file} (${LAYERS[layerOf(file)]?.name}) imports ${imported} (${LAYERS[layerOf(imported)]?.name})`,
        ),
    );
    expect(upward).toEqual([]);
  });

  it("has no route that imports another route", () => {
    const across = [...graph].flatMap(([file, imports]) =>
      file.startsWith("routes/")
        ? imports.filter((imported) => imported.startsWith("routes/")).map((imported) => `${file} imports ${imported}`)
        : [],
    );
    expect(across).toEqual([]);
  });

  it("has no circle of imports", () => {
    expect(cycles().map((circle) => circle.join(" → "))).toEqual([]);
  });
});
