import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { type CliSandbox, useCliSandbox } from "./helpers/cli-sandbox.js";

/** The default sandbox speaks 2026-09 (`evaluation_` ids); the other, 2026-07 alone (`eval_` ids, list, download, delete). */
const cli = useCliSandbox();
const cli07 = useCliSandbox({ generation: "2026-07" });
const dir = mkdtempSync(join(tmpdir(), "nugen-cli-evaluations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EVALUATION_ID = { "2026-09": /^evaluation_\w+$/, "2026-07": /^eval_\w+$/ };

/** An aligned model and a benchmark to evaluate it on, in each sandbox. */
const made = new Map<CliSandbox, { model: string; benchmark: string }>();
beforeAll(async () => {
  await Promise.all(
    [cli, cli07].map(async (sandbox) => {
      const benchmark = await sandbox.benchmark();
      const project = await sandbox.nugen.alignmentProjects.createAndWait(
        { name: "Evaluated", base_model: "nugen-flash-instruct", document_ids: [await sandbox.document()] },
        { pollIntervalMs: 100 },
      );
      made.set(sandbox, { model: project.data?.model_id ?? "", benchmark });
    }),
  );
});
const modelOf = (sandbox: CliSandbox) => made.get(sandbox)?.model ?? "";
const benchmarkOf = (sandbox: CliSandbox) => made.get(sandbox)?.benchmark ?? "";

/** A finished evaluation, started by the CLI. */
async function finished(sandbox: CliSandbox, ...extra: string[]): Promise<string> {
  const result = await runCli(
    [
      "evaluations",
      "create",
      "--model",
      modelOf(sandbox),
      "--benchmark",
      benchmarkOf(sandbox),
      ...extra,
      "--wait",
      "--json",
    ],
    sandbox.env,
  );
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout).id;
}

const generations = [
  ["2026-09", cli],
  ["2026-07", cli07],
] as const;

describe.each(generations)("nugen evaluations create (%s)", (generation, cli) => {
  it("prints the id; --wait follows it with percent and questions done, then points to the scores", async () => {
    const result = await runCli(
      [
        "evaluations",
        "create",
        "--model",
        modelOf(cli),
        "--benchmark",
        benchmarkOf(cli),
        "--judge",
        "openai",
        "--wait",
      ],
      cli.env,
    );
    expect(result.code).toBe(0);
    const [id, ...status] = result.stdout.trimEnd().split("\n");
    expect(id).toMatch(EVALUATION_ID[generation]);
    expect(status.join("\n")).toMatch(new RegExp(`^evaluation\\s+${id}\\nstatus\\s+READY`));
    expect(result.stderr).toMatch(new RegExp(`${id} (PROCESSING|READY) \\d+% \\d+/\\d+ questions`));
    expect(result.stderr).toContain(`See the scores with \`nugen evaluations results ${id}\`.`);
  });

  it("--judge takes only the three providers, as a usage error", async () => {
    const result = await runCli(
      ["evaluations", "create", "--model", "m", "--benchmark", "b", "--judge", "gpt"],
      cli.env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "option '--judge <provider>' argument 'gpt' is invalid. Allowed choices are anthropic, openai, nugen.",
    );
  });
});

describe.each(generations)("nugen evaluations status, results (%s)", (_generation, cli) => {
  it("results shows one model's scores", async () => {
    const id = await finished(cli);
    const status = await runCli(["evaluations", "status", id], cli.env);
    expect(status.stdout).toMatch(
      new RegExp(
        `^evaluation\\s+${id}\\nstatus\\s+READY\\nbenchmark\\s+${benchmarkOf(cli)}\\nprogress\\s+\\d+/\\d+ questions`,
      ),
    );
    const results = await runCli(["evaluations", "results", id], cli.env);
    expect(results.code).toBe(0);
    expect(results.stdout).toMatch(/METRIC\s+SCORE\n/);
    expect(results.stdout).toMatch(/answer_relevance_mean\s+\d\.\d{3}/);
    expect(JSON.parse((await runCli(["evaluations", "results", id, "--json"], cli.env)).stdout)).toMatchObject({
      id,
      metrics: expect.any(Object),
    });
  });

  it("results of a comparison shows both models side by side, in the order given", async () => {
    // --compare-with is 2026-07's model_id_2 and 2026-09's baseline_model_id.
    const id = await finished(cli, "--compare-with", "nugen-flash-instruct");
    const results = await runCli(["evaluations", "results", id], cli.env);
    expect(results.code).toBe(0);
    expect(results.stdout).toMatch(new RegExp(`METRIC\\s+${modelOf(cli)}\\s+nugen-flash-instruct\\s+CHANGE\\n`));
    expect(results.stdout).toMatch(/binary_correctness_mean\s+\d\.\d{3}\s+\d\.\d{3}\s+([+-]?\d+\.\d%|-)\n/);
  });

  it("results before the end is refused, exit 1, with the server's reason", async () => {
    const { id } = await cli.nugen.evaluations.create({
      model_id: modelOf(cli),
      benchmark_id: benchmarkOf(cli),
      judge_provider: "anthropic",
    });
    const result = await runCli(["evaluations", "results", id], cli.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^nugen: 400 .+\.\n/);
  });
});

describe("nugen evaluations show", () => {
  it("shows the evaluation with its progress in samples, in text and JSON (2026-09)", async () => {
    const id = await finished(cli);
    const text = await runCli(["evaluations", "show", id], cli.env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(
        `^evaluation\\s+${id}\\nstatus\\s+READY\\nmodel\\s+${modelOf(cli)}\\nbenchmark\\s+${benchmarkOf(cli)}\\nprogress\\s+100%, (\\d+)/\\1 samples\\n`,
      ),
    );
    const json = JSON.parse((await runCli(["evaluations", "show", id, "--json"], cli.env)).stdout);
    expect(json).toEqual(JSON.parse(JSON.stringify(await cli.nugen.evaluations.retrieve(id))));
    expect(json).toMatchObject({ id, evaluation_id: id, status: "READY", model_id: modelOf(cli) });
  });

  it("is refused before sending on 2026-07, which has no such route", async () => {
    const result = await runCli(["evaluations", "show", "eval_x"], cli07.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^nugen: getEvaluation has no route in the 2026-07 generation of the Nugen API, which this server speaks; nothing was sent\./,
    );
  });
});

describe("nugen evaluations download, list and delete (2026-07)", () => {
  it("download writes the full results to -o FILE, or to stdout", async () => {
    const id = await finished(cli07);
    const file = join(dir, "results.json");
    const saved = await runCli(["evaluations", "download", id, "-o", file], cli07.env);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toBe("");
    expect(saved.stderr).toMatch(new RegExp(`^Saved the results of evaluation ${id} to ${file} \\(.+\\)\\.\\n$`));
    const expected = await cli07.nugen.evaluations.download(id);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(expected);
    const printed = await runCli(["evaluations", "download", id], cli07.env);
    expect(JSON.parse(printed.stdout)).toEqual(expected);
    const json = await runCli(["evaluations", "download", id, "-o", file, "--json"], cli07.env);
    expect(JSON.parse(json.stdout)).toMatchObject({ evaluation_id: id, file });
  });

  it("--limit shows a page and says there are more; --all walks every page; filters by --model", async () => {
    const model = modelOf(cli07);
    for (let i = 0; i < 3; i++)
      await cli07.nugen.evaluations.create({
        model_id: model,
        benchmark_id: benchmarkOf(cli07),
        judge_provider: "anthropic",
      });
    const total = (await cli07.nugen.evaluations.list({ model_id: model, limit: 100 })).items.length;
    const page = await runCli(["evaluations", "list", "--model", model, "--limit", "2"], cli07.env);
    expect(page.code).toBe(0);
    const [header, ...rows] = page.stdout.trimEnd().split("\n");
    expect(header?.split(/\s{2,}/)).toEqual(["ID", "MODEL", "COMPARED WITH", "BENCHMARK", "STATUS", "CREATED"]);
    expect(rows).toHaveLength(2);
    expect(page.stderr).toBe("There are more: pass --all to list every one, or a larger --limit.\n");
    const all = await runCli(["evaluations", "list", "--model", model, "--limit", "2", "--all", "--json"], cli07.env);
    const listed = JSON.parse(all.stdout);
    expect(listed).toHaveLength(total);
    expect(listed.every((e: { model_id: string }) => e.model_id === model)).toBe(true);
  });

  it("--limit out of range is a usage error naming it", async () => {
    const result = await runCli(["evaluations", "list", "--limit", "0"], cli07.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^nugen: Invalid input: --limit must be >= 1\./);
  });

  it("delete deletes the evaluation", async () => {
    const { id } = await cli07.nugen.evaluations.create({
      model_id: modelOf(cli07),
      benchmark_id: benchmarkOf(cli07),
      judge_provider: "anthropic",
    });
    const result = await runCli(["evaluations", "delete", id], cli07.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Deleted evaluation ${id}.\n`);
  });
});
