/**
 * `npm run docs`: the API reference site, rendered by Redocly from openapi.yaml into
 * dist/docs/. Code samples are not written into the YAML: each operation's TypeScript,
 * curl and CLI samples are the files under examples/operations/ (type-checked and run
 * against the sandbox by the tests), injected into a copy of the spec for the build.
 * The page is self-contained: scripts inlined, telemetry off, and a Content-Security-Policy
 * that lets the reader's browser fetch nothing from any other host.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const outDir = join(root, "dist/docs");
const samplesDir = join(root, "examples/operations");

/** Each operation's samples, in the order the page shows them. */
// Redoc matches a sample to a language of redocly.yaml's `openapi.codeSamples` by its label.
const SAMPLE_KINDS = [
  { suffix: ".ts", lang: "JavaScript", label: "TypeScript" },
  { suffix: ".curl.sh", lang: "curl", label: "curl" },
  { suffix: ".cli.sh", lang: "Shell", label: "CLI" },
] as const;

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);

export function specWithSamples(): Record<string, any> {
  const spec = parse(readFileSync(join(root, "openapi.yaml"), "utf8"));
  for (const item of Object.values<Record<string, any>>(spec.paths)) {
    for (const [method, operation] of Object.entries<Record<string, any>>(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      operation["x-codeSamples"] = SAMPLE_KINDS.map(({ suffix, lang, label }) => {
        const file = join(samplesDir, `${operation.operationId}${suffix}`);
        if (!existsSync(file)) throw new Error(`No ${label} sample for ${operation.operationId}: expected ${file}`);
        return { lang, label, source: readFileSync(file, "utf8").trimEnd() };
      });
    }
  }
  // The pages below the spec's own introduction: the API generations, then the workflow.
  for (const page of ["docs/generations.md", "docs/intro.md"])
    spec.info.description += readFileSync(join(root, page), "utf8");
  spec.info["x-logo"] = { url: logoDataUri(), altText: "Nugen API reference", href: "#" };
  return spec;
}

function logoDataUri(): string {
  const svg = readFileSync(join(root, "docs/logo.svg"), "utf8");
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

/**
 * Redoc's sidebar credits Redocly with a logo image loaded from cdn.redoc.ly, and has no
 * option to drop it. The credit stays, drawn from an inline SVG, so the page loads nothing
 * from another host (the CSP in docs/template.hbs would block it anyway, but not quietly).
 */
function keepAttributionLocal(htmlFile: string): void {
  const credit = (width: number) =>
    `data:image/svg+xml;base64,${Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16"><text x="0" y="12" font-family="Helvetica,Arial,sans-serif" font-size="12" fill="#555">Redocly</text></svg>`,
    ).toString("base64")}`;
  const html = readFileSync(htmlFile, "utf8");
  const patched = html
    .replaceAll("https://cdn.redoc.ly/redoc/logo-mini-full.svg", credit(48))
    .replaceAll("https://cdn.redoc.ly/redoc/logo-mini.svg", credit(48));
  if (patched === html)
    throw new Error("Redoc's attribution logo URL changed: update keepAttributionLocal in scripts/docs.ts.");
  writeFileSync(htmlFile, patched);
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  const specFile = join(outDir, "openapi.json");
  writeFileSync(specFile, JSON.stringify(specWithSamples(), null, 2));
  const redocly = join(root, "node_modules/.bin/redocly");
  execFileSync(
    redocly,
    [
      "build-docs",
      specFile,
      "--output",
      join(outDir, "index.html"),
      "--template",
      join(root, "docs/template.hbs"),
      "--title",
      "Nugen API reference",
      "--inlineBundle",
      // Redoc's settings (telemetry off, the sample languages, expansion) live in a JSON file:
      // redocly.yaml's schema does not know Redoc 3's newer options.
      "--openapi",
      join(root, "docs/redoc-options.json"),
    ],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
  keepAttributionLocal(join(outDir, "index.html"));
  console.log(`API reference written to ${join(outDir, "index.html")}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
