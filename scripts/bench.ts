/**
 * `npm run bench` (`-- --quick` for a short run): the SDK's cost over raw fetch and bare
 * openapi-fetch, its weight, the CLI's start-up, the sandbox's throughput beside Prism, and
 * how economically waitUntilDone polls. Writes bench/results.json and prints each budget
 * with its figure and PASS or FAIL. A benchmark, not a test: it never fails `npm test`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { measureCliStart } from "./bench/cli-start.js";
import { measureOverhead } from "./bench/overhead.js";
import { measureSandbox } from "./bench/sandbox-throughput.js";
import { measureSize } from "./bench/size.js";
import { type Budget, passes } from "./bench/stats.js";
import { measureWaiting } from "./bench/waiting.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const quick = process.argv.includes("--quick");

async function main(): Promise<void> {
  const started = Date.now();
  execFileSync("npm", ["run", "-s", "build"], { cwd: root, stdio: "ignore" });
  const sections: Record<string, { results: unknown; budgets: Budget[] }> = {};
  for (const [name, run] of [
    ["overhead", () => measureOverhead(quick)],
    ["size", () => measureSize(root)],
    ["cliStart", () => measureCliStart(root, quick)],
    ["sandbox", () => measureSandbox(root, quick)],
    ["waiting", () => measureWaiting()],
  ] as const) {
    process.stderr.write(`bench: ${name}…\n`);
    sections[name] = await run();
  }
  const budgets = Object.values(sections).flatMap((section) => section.budgets);
  const environment = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, date: new Date().toISOString(), quick, seconds: Math.round((Date.now() - started) / 1000) };
  mkdirSync(join(root, "bench"), { recursive: true });
  writeFileSync(join(root, "bench/results.json"), `${JSON.stringify({ environment, ...Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, v.results])), budgets: budgets.map((b) => ({ ...b, pass: passes(b) })) }, null, 2)}\n`);

  const rows = budgets.map((b) => [b.name, `${b.figure}${b.unit ? ` ${b.unit}` : ""}`, `${b.kind === "max" ? "≤" : "≥"} ${b.limit}`, passes(b) ? "PASS" : "FAIL", b.detail ?? ""]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0), ["budget", "figure", "limit", "result"][i]?.length ?? 0));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join(" | ")} |`;
  console.log(line(["budget", "figure", "limit", "result", "detail"]));
  console.log(line(widths.map((w) => "-".repeat(w)).concat("---")));
  for (const row of rows) console.log(line(row));
  const failed = budgets.filter((b) => !passes(b)).length;
  console.log(`\nbench: ${budgets.length - failed} budgets pass, ${failed} fail (${environment.seconds} s; results in bench/results.json)`);
}

await main();
