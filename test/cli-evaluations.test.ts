import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { useCliSandbox } from "./helpers/cli-sandbox.js";

const cli = useCliSandbox();
const dir = mkdtempSync(join(tmpdir(), "nugen-cli-evaluations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let model = "";
let benchmark = "";
beforeAll(async () => {
  benchmark = await cli.benchmark();
  const project = await cli.nugen.alignmentProjects.createAndWait({ name: "Evaluated", base_model: "nugen-flash-instruct", document_ids: [await cli.document()] }, { pollIntervalMs: 100 });
  model = project.data?.model_id ?? "";
});

/** A finished evaluation, started by the CLI. */
async function finished(...extra: string[]): Promise<string> {
  const result = await runCli(["evaluations", "create", "--model", model, "--benchmark", benchmark, ...extra, "--wait", "--json"], cli.env);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout).id;
}

describe("nugen evaluations create", () => {
  it("prints the id; --wait follows it with percent and questions done, then points to the scores", async () => {
    const result = await runCli(["evaluations", "create", "--model", model, "--benchmark", benchmark, "--judge", "openai", "--wait"], cli.env);
    expect(result.code).toBe(0);
    const [id, ...status] = result.stdout.trimEnd().split("\n");
    expect(id).toMatch(/^eval_\w+$/);
    expect(status.join("\n")).toMatch(new RegExp(`^evaluation\\s+${id}\\nstatus\\s+READY`));
    expect(result.stderr).toMatch(new RegExp(`${id} (PROCESSING|READY) \\d+% \\d+/\\d+ questions`));
    expect(result.stderr).toContain(`See the scores with \`nugen evaluations results ${id}\`.`);
  });

  it("--judge takes only the three providers, as a usage error", async () => {
    const result = await runCli(["evaluations", "create", "--model", "m", "--benchmark", "b", "--judge", "gpt"], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--judge <provider>' argument 'gpt' is invalid. Allowed choices are anthropic, openai, nugen.");
  });
});

describe("nugen evaluations status, results, download", () => {
  it("results shows one model's scores", async () => {
    const id = await finished();
    const status = await runCli(["evaluations", "status", id], cli.env);
    expect(status.stdout).toMatch(new RegExp(`^evaluation\\s+${id}\\nstatus\\s+READY\\nbenchmark\\s+${benchmark}\\nprogress\\s+\\d+/\\d+ questions`));
    const results = await runCli(["evaluations", "results", id], cli.env);
    expect(results.code).toBe(0);
    expect(results.stdout).toMatch(/METRIC\s+SCORE\n/);
    expect(results.stdout).toMatch(/answer_relevance_mean\s+\d\.\d{3}/);
    expect(JSON.parse((await runCli(["evaluations", "results", id, "--json"], cli.env)).stdout)).toMatchObject({ id, metrics: expect.any(Object) });
  });

  it("results of a comparison shows both models side by side, in the order given", async () => {
    const id = await finished("--compare-with", "nugen-flash-instruct");
    const results = await runCli(["evaluations", "results", id], cli.env);
    expect(results.code).toBe(0);
    expect(results.stdout).toMatch(new RegExp(`METRIC\\s+${model}\\s+nugen-flash-instruct\\s+CHANGE\\n`));
    expect(results.stdout).toMatch(/binary_correctness_mean\s+\d\.\d{3}\s+\d\.\d{3}\s+([+-]?\d+\.\d%|-)\n/);
  });

  it("download writes the full results to -o FILE, or to stdout", async () => {
    const id = await finished();
    const file = join(dir, "results.json");
    const saved = await runCli(["evaluations", "download", id, "-o", file], cli.env);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toBe("");
    expect(saved.stderr).toMatch(new RegExp(`^Saved the results of evaluation ${id} to ${file} \\(.+\\)\\.\\n$`));
    const expected = await cli.nugen.evaluations.download(id);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(expected);
    const printed = await runCli(["evaluations", "download", id], cli.env);
    expect(JSON.parse(printed.stdout)).toEqual(expected);
    const json = await runCli(["evaluations", "download", id, "-o", file, "--json"], cli.env);
    expect(JSON.parse(json.stdout)).toMatchObject({ evaluation_id: id, file });
  });

  it("results before the end is refused, exit 1, with the server's reason", async () => {
    const { id } = await cli.nugen.evaluations.create({ model_id: model, benchmark_id: benchmark, judge_provider: "anthropic" });
    const result = await runCli(["evaluations", "results", id], cli.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^nugen: 400 .+\.\n/);
  });
});

describe("nugen evaluations list and delete", () => {
  it("--limit shows a page and says there are more; --all walks every page; filters by --model", async () => {
    for (let i = 0; i < 3; i++) await cli.nugen.evaluations.create({ model_id: model, benchmark_id: benchmark, judge_provider: "anthropic" });
    const total = (await cli.nugen.evaluations.list({ model_id: model, limit: 100 })).items.length;
    const page = await runCli(["evaluations", "list", "--model", model, "--limit", "2"], cli.env);
    expect(page.code).toBe(0);
    const [header, ...rows] = page.stdout.trimEnd().split("\n");
    expect(header?.split(/\s{2,}/)).toEqual(["ID", "MODEL", "COMPARED WITH", "BENCHMARK", "STATUS", "CREATED"]);
    expect(rows).toHaveLength(2);
    expect(page.stderr).toBe("There are more: pass --all to list every one, or a larger --limit.\n");
    const all = await runCli(["evaluations", "list", "--model", model, "--limit", "2", "--all", "--json"], cli.env);
    const listed = JSON.parse(all.stdout);
    expect(listed).toHaveLength(total);
    expect(listed.every((e: { model_id: string }) => e.model_id === model)).toBe(true);
  });

  it("--limit out of range is a usage error naming it", async () => {
    const result = await runCli(["evaluations", "list", "--limit", "0"], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^nugen: Invalid input: --limit must be >= 1\./);
  });

  it("delete deletes the evaluation", async () => {
    const { id } = await cli.nugen.evaluations.create({ model_id: model, benchmark_id: benchmark, judge_provider: "anthropic" });
    const result = await runCli(["evaluations", "delete", id], cli.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Deleted evaluation ${id}.\n`);
  });
});
