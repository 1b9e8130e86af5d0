/**
 * `npm run bench` (`-- --quick` for a short run): the SDK's cost over raw fetch and bare
 * openapi-fetch; inference (SSE parsing beside openai-node's Stream and eventsource-parser,
 * time to first event, a long stream's memory, embeddings with 100 requests in flight); its
 * weight beside openai-node; the CLI's start-up beside a bare one-fetch script; the
 * sandbox's throughput beside Prism; a 100 MB upload beside raw fetch (time and memory);
 * and how economically every kind of wait polls. Writes bench/results.json and prints each budget with its figure and PASS,
 * FAIL or PENDING (not measurable yet). A benchmark, not a test: it never fails `npm test`.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { measureCliStart } from "./bench/cli-start.js";
import { measureOverhead } from "./bench/overhead.js";
import { measureSandbox } from "./bench/sandbox-throughput.js";
import { measureSize } from "./bench/size.js";
import { type Budget, passes, verdict } from "./bench/stats.js";
import { measureStreaming } from "./bench/streaming.js";
import { measureUpload } from "./bench/upload.js";
import { measureWaiting } from "./bench/waiting.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const quick = process.argv.includes("--quick");

async function main(): Promise<void> {
  const started = Date.now();
  // Other work on the machine moves the figures: the load is recorded beside them.
  const loadBefore = loadavg().map((load) => Math.round(load * 100) / 100);
  // The package is built into a directory of the bench's own (under node_modules, so that the
  // CLI finds its dependencies), with what `npm pack` takes: a build or test run started
  // meanwhile, which cleans dist/, cannot pull the files from under the measurements.
  const built = join(root, "node_modules/.cache/nugen-bench");
  rmSync(built, { recursive: true, force: true });
  execFileSync("npx", ["tsup", "--out-dir", join(built, "dist")], { cwd: root, stdio: "ignore" });
  for (const file of ["package.json", "README.md"]) copyFileSync(join(root, file), join(built, file));
  const sections: Record<string, { results: unknown; budgets: Budget[] }> = {};
  for (const [name, run] of [
    ["overhead", () => measureOverhead(quick)],
    ["inference", () => measureStreaming(quick)],
    ["size", () => measureSize(root, built)],
    ["cliStart", () => measureCliStart(built, quick)],
    ["sandbox", () => measureSandbox(root, built, quick)],
    ["upload", () => measureUpload(quick)],
    ["waiting", () => measureWaiting()],
  ] as const) {
    process.stderr.write(`bench: ${name}…\n`);
    sections[name] = await run();
  }
  const budgets = Object.values(sections).flatMap((section) => section.budgets);
  const environment = {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    date: new Date().toISOString(),
    quick,
    seconds: Math.round((Date.now() - started) / 1000),
    loadAverage: { before: loadBefore, after: loadavg().map((load) => Math.round(load * 100) / 100) },
  };
  mkdirSync(join(root, "bench"), { recursive: true });
  writeFileSync(
    join(root, "bench/results.json"),
    `${JSON.stringify({ environment, ...Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, v.results])), budgets: budgets.map((b) => ({ ...b, pass: passes(b), result: verdict(b) })) }, null, 2)}\n`,
  );

  const rows = budgets.map((b) => [
    b.name,
    Number.isNaN(b.figure) ? "—" : `${b.figure}${b.unit ? ` ${b.unit}` : ""}`,
    `${b.kind === "max" ? "≤" : "≥"} ${b.limit}`,
    verdict(b),
    b.detail ?? "",
  ]);
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...rows.map((row) => row[i]?.length ?? 0), ["budget", "figure", "limit", "result"][i]?.length ?? 0),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join(" | ")} |`;
  console.log(line(["budget", "figure", "limit", "result", "detail"]));
  console.log(line(widths.map((w) => "-".repeat(w)).concat("---")));
  for (const row of rows) console.log(line(row));
  const count = (result: string) => budgets.filter((b) => verdict(b) === result).length;
  const pending = count("PENDING") ? `, ${count("PENDING")} pending` : "";
  console.log(
    `\nbench: ${count("PASS")} budgets pass, ${count("FAIL")} fail${pending} (${environment.seconds} s; results in bench/results.json)`,
  );
}

await main();
