import { writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { ambiguityAdvice, jobs } from "../../core/jobs.js";
import type { Evaluation, EvaluationDetail, EvaluationResults, EvaluationStatusResponse, Nugen } from "../../index.js";
import { onRun } from "../action.js";
import { callApi } from "../api-call.js";
import { clientFor } from "../client.js";
import { jsonFlag, type WaitFlags, waitFlags } from "../common-flags.js";
import { UsageError } from "../errors.js";
import { followAndPrint, type JobKind } from "../follow.js";
import { formatBytes, formatDate, renderFields } from "../format.js";
import { colorsFor, type IO, widthOf, writeJson, writeLine } from "../io.js";
import { parseCount } from "../parse-flags.js";
import { type Column, renderTable, statusColor } from "../table.js";

const JUDGES = ["anthropic", "openai", "nugen"] as const;

const TERMS = {
  flags: { model_id: "--model", benchmark_id: "--benchmark", model_id_2: "--compare-with", judge_provider: "--judge" },
  ifItMayHaveTakenEffect: ambiguityAdvice("evaluation", "cli"),
};

function evaluationJob(nugen: Nugen): JobKind<EvaluationStatusResponse> {
  return {
    job: "evaluation",
    wait: (id, options) => nugen.evaluations.waitUntilDone(id, options),
    resume: (id) => `nugen evaluations status ${id}`,
  };
}

interface CreateFlags extends WaitFlags {
  model: string;
  benchmark: string;
  compareWith?: string;
  judge: (typeof JUDGES)[number];
}

interface ListFlags {
  status?: string;
  model?: string;
  limit?: number;
  all?: boolean;
  json?: boolean;
}

export function registerEvaluations(program: Command, io: IO): void {
  const evaluations = program
    .command("evaluations")
    .description("Evaluations: a model (or two, compared) scored on a benchmark");

  const create = evaluations
    .command("create")
    .description("Start evaluating a model on a benchmark and print the evaluation's id")
    .requiredOption("--model <id>", "model to evaluate (an aligned model id or a base model)")
    .requiredOption("--benchmark <id>", "benchmark to evaluate it on")
    .option("--compare-with <id>", "a second model, scored on the same questions")
    .addOption(new Option("--judge <provider>", "who scores the answers").choices(JUDGES).default("anthropic"));
  waitFlags(create, "the evaluation is done");
  jsonFlag(create).addHelpText(
    "after",
    "\nExamples:\n  $ nugen evaluations create --model support-bot-model --benchmark bench_01KXG82FJJ --wait\n  $ nugen evaluations create --model support-bot-model --compare-with nugen-flash-instruct --benchmark bench_01KXG82FJJ --judge openai",
  );
  onRun(create, async (options: CreateFlags, command: Command) => {
    const nugen = clientFor(command, io);
    const created = await callApi(command, TERMS, () =>
      nugen.evaluations.create({
        model_id: options.model,
        benchmark_id: options.benchmark,
        model_id_2: options.compareWith,
        judge_provider: options.judge,
      }),
    );
    if (!options.wait) return options.json ? writeJson(io, created) : writeLine(io.stdout, created.id);
    if (!options.json) writeLine(io.stdout, created.id);
    writeLine(io.stderr, `Started evaluation ${created.id}; waiting for it to finish.`);
    const code = await followAndPrint(command, io, evaluationJob(nugen), created.id, {
      timeoutMs: options.waitTimeout,
      json: options.json,
      describe: (final) => describeStatus(created.id, final, io),
    });
    if (code === 0 && !options.json)
      writeLine(io.stderr, `See the scores with \`nugen evaluations results ${created.id}\`.`);
    return code;
  });

  const list = evaluations
    .command("list")
    .description("List your evaluations, newest first")
    .option("--status <status>", "only those with this status, such as READY or PROCESSING")
    .option("--model <id>", "only those of this model")
    .addOption(
      new Option(
        "--limit <n>",
        "how many to show (1–100; default 10), or with --all how many to fetch per request",
      ).argParser(parseCount),
    )
    .option("--all", "every evaluation, fetched page by page")
    .addHelpText(
      "after",
      "\nExamples:\n  $ nugen evaluations list --status READY\n  $ nugen evaluations list --model support-bot-model --all --json | jq -r '.[].evaluation_id'",
    );
  onRun(jsonFlag(list, "print the evaluations as a JSON array"), async (options: ListFlags, command: Command) => {
    const nugen = clientFor(command, io);
    const params = { status: options.status, model_id: options.model, limit: options.limit };
    const rows: Evaluation[] = [];
    let more = false;
    await callApi(command, { flags: { model_id: "--model" } }, async () => {
      if (options.all) {
        for await (const evaluation of nugen.evaluations.list(params)) rows.push(evaluation);
      } else {
        const page = await nugen.evaluations.list(params);
        rows.push(...page.items);
        more = page.hasNextPage();
      }
    });
    if (options.json) return writeJson(io, rows);
    if (rows.length === 0)
      return writeLine(io.stdout, "No evaluations found. Start one with `nugen evaluations create`.");
    const colors = colorsFor(io.stdout, io.env);
    const columns: Column<Evaluation>[] = [
      { header: "ID", value: (e) => e.evaluation_id, keep: true },
      { header: "MODEL", value: (e) => e.model_id ?? "-" },
      { header: "COMPARED WITH", value: (e) => e.model_id_2 ?? "-" },
      { header: "BENCHMARK", value: (e) => e.benchmark_id ?? "-" },
      {
        header: "STATUS",
        value: (e) => e.status ?? "-",
        color: (text, e) => statusColor(colors, "EvaluationStatus", e.status)(text),
      },
      { header: "CREATED", value: (e) => formatDate(e.created_at) },
    ];
    writeLine(io.stdout, renderTable(rows, columns, colors, widthOf(io.stdout)));
    if (more) writeLine(io.stderr, "There are more: pass --all to list every one, or a larger --limit.");
  });

  const status = evaluations
    .command("status")
    .description("Show an evaluation's progress")
    .argument("<id>", "evaluation id")
    .addHelpText("after", "\nExample:\n  $ nugen evaluations status eval_01KXG82FJJ");
  onRun(
    jsonFlag(status, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).evaluations.status(id));
      return options.json ? writeJson(io, answer) : writeLine(io.stdout, describeStatus(id, answer, io));
    },
  );

  const show = evaluations
    .command("show")
    .description("Show an evaluation: its name, models, benchmark and progress in samples (2026-09)")
    .argument("<id>", "evaluation id")
    .addHelpText("after", "\nExample:\n  $ nugen evaluations show evaluation_01KZ5KJ631RVZPF4");
  onRun(
    jsonFlag(show, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const evaluation = await callApi(command, {}, () => clientFor(command, io).evaluations.retrieve(id));
      return options.json ? writeJson(io, evaluation) : writeLine(io.stdout, describeEvaluation(evaluation, io));
    },
  );

  const results = evaluations
    .command("results")
    .description("Show a finished evaluation's scores (side by side when two models were compared)")
    .argument("<id>", "evaluation id")
    .addHelpText("after", "\nExample:\n  $ nugen evaluations results eval_01KXG82FJJ");
  onRun(
    jsonFlag(results, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).evaluations.results(id));
      return options.json ? writeJson(io, answer) : writeLine(io.stdout, describeResults(answer, io));
    },
  );

  const download = evaluations
    .command("download")
    .description("Download an evaluation's full results (every question's answers and scores) as JSON")
    .argument("<id>", "evaluation id")
    .option("-o, --output <file>", "write them to this file instead of stdout")
    .addHelpText(
      "after",
      "\nExamples:\n  $ nugen evaluations download eval_01KXG82FJJ -o results.json\n  $ nugen evaluations download eval_01KXG82FJJ | jq '.questions | length'",
    );
  onRun(
    jsonFlag(download, "with -o, print where they went as JSON"),
    async (id: string, options: { output?: string; json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).evaluations.download(id));
      const text = `${JSON.stringify(answer, null, 2)}\n`;
      if (!options.output) return void io.stdout.write(text);
      try {
        writeFileSync(options.output, text);
      } catch (error) {
        throw new UsageError(
          `-o ${options.output} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
          command.helpInformation(),
        );
      }
      const bytes = Buffer.byteLength(text);
      if (options.json) return writeJson(io, { evaluation_id: id, file: options.output, bytes });
      writeLine(io.stderr, `Saved the results of evaluation ${id} to ${options.output} (${formatBytes(bytes)}).`);
    },
  );

  const remove = evaluations
    .command("delete")
    .description("Delete an evaluation")
    .argument("<id>", "evaluation id")
    .addHelpText("after", "\nExample:\n  $ nugen evaluations delete eval_01KXG82FJJ");
  onRun(
    jsonFlag(remove, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).evaluations.delete(id));
      return options.json ? writeJson(io, answer) : writeLine(io.stdout, `Deleted evaluation ${id}.`);
    },
  );
}

function percentOf(status: EvaluationStatusResponse): number | undefined {
  return jobs.evaluation.progress(status);
}

function describeStatus(id: string, status: EvaluationStatusResponse, io: IO): string {
  const colors = colorsFor(io.stdout, io.env);
  const eta =
    typeof status.eta_seconds === "number" && status.eta_seconds > 0 ? `${Math.ceil(status.eta_seconds)} s` : undefined;
  return renderFields(
    [
      ["evaluation", id],
      ["status", statusColor(colors, "EvaluationStatus", status.status)(status.status)],
      ["benchmark", status.benchmark_id],
      [
        "progress",
        status.progress ?? (percentOf(status) === undefined ? undefined : `${Math.round(percentOf(status) ?? 0)}%`),
      ],
      ["eta", eta],
      ["error", typeof status.error === "string" ? colors.red(status.error) : undefined],
      ["started", status.start_time],
      ["ended", status.end_time],
    ],
    colors,
  );
}

function describeEvaluation(evaluation: EvaluationDetail, io: IO): string {
  const colors = colorsFor(io.stdout, io.env);
  const samples =
    typeof evaluation.n_samples === "number"
      ? `${evaluation.n_samples_completed ?? 0}/${evaluation.n_samples} samples`
      : undefined;
  const eta =
    typeof evaluation.eta_seconds === "number" && evaluation.eta_seconds > 0
      ? `${Math.ceil(evaluation.eta_seconds)} s`
      : undefined;
  return renderFields(
    [
      ["evaluation", evaluation.id],
      ["name", evaluation.evaluation_name],
      [
        "status",
        evaluation.status ? statusColor(colors, "EvaluationStatus", evaluation.status)(evaluation.status) : undefined,
      ],
      ["model", evaluation.model_id],
      ["benchmark", evaluation.benchmark_id],
      [
        "progress",
        [typeof evaluation.progress === "number" ? `${evaluation.progress}%` : undefined, samples]
          .filter(Boolean)
          .join(", "),
      ],
      ["eta", eta],
      ["created", evaluation.created_at ? formatDate(evaluation.created_at) : undefined],
      ["completed", evaluation.completed_at ? formatDate(evaluation.completed_at) : undefined],
    ],
    colors,
  );
}

interface MetricRow {
  metric: string;
  values: (number | null | undefined)[];
}

function describeResults(results: EvaluationResults & { id: string }, io: IO): string {
  const colors = colorsFor(io.stdout, io.env);
  const comparing = Boolean(results.model_id_2 || results.comparison || results.eval_model);
  const header = renderFields(
    [
      ["evaluation", results.id],
      ["model", results.model_id],
      ["compared with", results.model_id_2],
      ["benchmark", results.benchmark_id],
      ["status", results.status ? statusColor(colors, "EvaluationStatus", results.status)(results.status) : undefined],
      ["answers", results.raw_answers_count],
      ["completed", results.completed_at ? formatDate(results.completed_at) : undefined],
    ],
    colors,
  );
  const score = (value: number | null | undefined) => (typeof value === "number" ? value.toFixed(3) : "-");
  let rows: MetricRow[];
  let columns: Column<MetricRow>[];
  if (comparing) {
    // By position: `base_model` holds the scores of model_id, `eval_model` those of model_id_2.
    const first = results.base_model?.metrics ?? {};
    const second = results.eval_model?.metrics ?? {};
    rows = results.comparison?.metrics?.length
      ? results.comparison.metrics.map((m) => ({
          metric: m.metric ?? "-",
          values: [m.base, m.evaluated, m["improvement_%"]],
        }))
      : Object.keys({ ...first, ...second }).map((metric) => ({
          metric,
          values: [first[metric], second[metric], undefined],
        }));
    columns = [
      { header: "METRIC", value: (r) => r.metric, keep: true },
      { header: results.model_id ?? "MODEL", value: (r) => score(r.values[0]) },
      { header: results.model_id_2 ?? "COMPARED WITH", value: (r) => score(r.values[1]) },
      {
        header: "CHANGE",
        value: (r) =>
          typeof r.values[2] === "number" ? `${r.values[2] > 0 ? "+" : ""}${r.values[2].toFixed(1)}%` : "-",
      },
    ];
  } else {
    rows = Object.entries(results.metrics ?? {}).map(([metric, value]) => ({ metric, values: [value] }));
    columns = [
      { header: "METRIC", value: (r) => r.metric, keep: true },
      { header: "SCORE", value: (r) => score(r.values[0]) },
    ];
  }
  const summary = typeof results.comparison?.summary === "string" ? results.comparison.summary : undefined;
  const table = rows.length > 0 ? renderTable(rows, columns, colors, widthOf(io.stdout)) : "No scores in the results.";
  return [header, table, summary].filter(Boolean).join("\n\n");
}
