import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { ambiguityAdvice } from "../../core/jobs.js";
import type { Benchmark, BenchmarkData, BenchmarkQuestion, BenchmarkStatusResponse, Nugen } from "../../index.js";
import { onRun } from "../action.js";
import { callApi } from "../api-call.js";
import { clientFor } from "../client.js";
import { jsonFlag, repeated, type WaitFlags, waitFlags } from "../common-flags.js";
import { UsageError } from "../errors.js";
import { localFile } from "../files.js";
import { followAndPrint, type JobKind } from "../follow.js";
import { formatDate, renderFields } from "../format.js";
import { colorsFor, type IO, widthOf, writeJson, writeLine } from "../io.js";
import { parseCount } from "../parse-flags.js";
import { type Column, renderTable, statusColor } from "../table.js";

const TERMS = {
  flags: { documents: "--document", document_id: "--document", num_questions: "--questions" },
  ifItMayHaveTakenEffect: ambiguityAdvice("benchmark", "cli"),
};

function benchmarkJob(nugen: Nugen): JobKind<BenchmarkStatusResponse> {
  return {
    job: "benchmark",
    wait: (id, options) => nugen.benchmarks.waitUntilReady(id, options),
    resume: (id) => `nugen benchmarks status ${id}`,
  };
}

export function registerBenchmarks(program: Command, io: IO): void {
  const benchmarks = program
    .command("benchmarks")
    .description("Benchmarks: questions and answers to evaluate models on");

  const create = benchmarks
    .command("create")
    .description("Generate a benchmark from processed documents and print its id")
    .requiredOption(
      "--document <id>",
      "processed document (doc_...) to write questions about (repeat for several)",
      repeated,
    )
    .addOption(
      new Option("--questions <n>", "how many questions to generate").argParser(parseCount).makeOptionMandatory(),
    );
  waitFlags(create, "the benchmark is ready");
  jsonFlag(create).addHelpText(
    "after",
    "\nExamples:\n  $ nugen benchmarks create --document doc_8f14e45fceea --questions 20 --wait\n  $ nugen benchmarks create --document doc_a --document doc_b --questions 50",
  );
  onRun(create, async (options: WaitFlags & { document: string[]; questions: number }, command: Command) => {
    const nugen = clientFor(command, io);
    const created = await callApi(command, TERMS, () =>
      nugen.benchmarks.create({ documents: options.document, num_questions: options.questions }),
    );
    if (!options.wait) return options.json ? writeJson(io, created) : writeLine(io.stdout, created.id);
    if (!options.json) writeLine(io.stdout, created.id);
    writeLine(io.stderr, `Creating benchmark ${created.id}; waiting until it is ready.`);
    return followAndPrint(command, io, benchmarkJob(nugen), created.id, {
      timeoutMs: options.waitTimeout,
      json: options.json,
      describe: (final) => describeStatus(created.id, final, io),
    });
  });

  const upload = benchmarks
    .command("upload")
    .description("Upload a benchmark written by hand and print its id")
    .argument(
      "[file]",
      "a JSON array of {question_num, question, answer} or of {sample_num, instruction, response} (or give it with --file)",
    )
    .option("--file <path>", "the same file, as a flag")
    .requiredOption("--name <name>", "name of the benchmark")
    .requiredOption("--document <id>", "the processed document (doc_...) the benchmark is about")
    .option("--description <text>", "description of the benchmark")
    .addHelpText(
      "after",
      '\nExamples:\n  $ nugen benchmarks upload questions.json --name "Support FAQ" --document doc_8f14e45fceea\n  $ nugen benchmarks upload --file questions.json --name "Support FAQ" --document doc_8f14e45fceea --json',
    );
  onRun(
    jsonFlag(upload),
    async (
      path: string | undefined,
      options: { file?: string; name: string; document: string; description?: string; json?: boolean },
      command: Command,
    ) => {
      if ((path === undefined) === (options.file === undefined))
        throw new UsageError("Give the benchmark's file once: as FILE or with --file.", command.helpInformation());
      const file = localFile(
        path ?? options.file ?? "",
        path === undefined ? "--file" : "FILE",
        command.helpInformation(),
      );
      // Questions in either generation's form are sent in the server's; anything else as it is, for the server to judge.
      const questions = questionsIn(file.path);
      const content = questions ? { questions } : { file: file.open() };
      const created = await callApi(command, TERMS, () =>
        clientFor(command, io).benchmarks.upload({
          ...content,
          name: options.name,
          document_id: options.document,
          description: options.description,
        }),
      );
      return options.json ? writeJson(io, created) : writeLine(io.stdout, created.id);
    },
  );

  const status = benchmarks
    .command("status")
    .description("Show a benchmark's status")
    .argument("<id>", "benchmark id")
    .addHelpText("after", "\nExample:\n  $ nugen benchmarks status bench_01KXG82FJJ");
  onRun(
    jsonFlag(status, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).benchmarks.status(id));
      return options.json ? writeJson(io, answer) : writeLine(io.stdout, describeStatus(id, answer, io));
    },
  );

  const show = benchmarks
    .command("show")
    .description("Show a benchmark and its questions and answers")
    .argument("<id>", "benchmark id")
    .addHelpText("after", "\nExample:\n  $ nugen benchmarks show bench_01KXG82FJJ");
  onRun(
    jsonFlag(show, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const benchmark = await callApi(command, {}, () => clientFor(command, io).benchmarks.retrieve(id));
      return options.json ? writeJson(io, benchmark) : writeLine(io.stdout, describeBenchmark(benchmark, io));
    },
  );

  const list = benchmarks
    .command("list")
    .description("List your benchmarks")
    .addHelpText(
      "after",
      "\nExamples:\n  $ nugen benchmarks list\n  $ nugen benchmarks list --json | jq -r '.benchmarks[].id'",
    );
  onRun(
    jsonFlag(list, "print the API's answer unchanged, as JSON"),
    async (options: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).benchmarks.list());
      if (options.json) return writeJson(io, answer);
      if (answer.benchmarks.length === 0)
        return writeLine(io.stdout, "No benchmarks yet. Create one with `nugen benchmarks create`.");
      const colors = colorsFor(io.stdout, io.env);
      const columns: Column<Benchmark & { id?: string }>[] = [
        { header: "ID", value: (b) => b.id ?? "-", keep: true },
        { header: "NAME", value: (b) => b.benchmark_name ?? "-" },
        {
          header: "STATUS",
          value: (b) => b.status ?? "-",
          color: (text, b) => statusColor(colors, "BenchmarkStatus", b.status)(text),
        },
        { header: "QUESTIONS", value: (b) => String(b.num_questions ?? "-") },
        { header: "DOCUMENTS", value: (b) => (b.documents ?? b.document_ids ?? []).join(", ") || "-" },
        { header: "CREATED", value: (b) => formatDate(b.created_at) },
      ];
      return writeLine(io.stdout, renderTable(answer.benchmarks, columns, colors, widthOf(io.stdout)));
    },
  );
}

function describeStatus(id: string, status: BenchmarkStatusResponse, io: IO): string {
  const colors = colorsFor(io.stdout, io.env);
  return renderFields(
    [
      ["benchmark", id],
      ["name", status.benchmark_name],
      ["status", statusColor(colors, "BenchmarkStatus", status.status)(status.status)],
      ["error", typeof status.error === "string" ? colors.red(status.error) : undefined],
      ["started", status.start_time],
      ["ended", status.end_time],
    ],
    colors,
  );
}

/** A benchmark file's questions when it is a JSON array of them, in either generation's names. */
function questionsIn(path: string): BenchmarkQuestion[] | undefined {
  let items: unknown;
  try {
    items = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
  const isText = (value: unknown) => typeof value === "string";
  const isQuestion = (item: Record<string, unknown> | null) =>
    item !== null &&
    typeof item === "object" &&
    ((isText(item.question) && isText(item.answer)) || (isText(item.instruction) && isText(item.response)));
  return Array.isArray(items) && items.length > 0 && items.every(isQuestion)
    ? (items as BenchmarkQuestion[])
    : undefined;
}

function describeBenchmark(benchmark: BenchmarkData & { id: string }, io: IO): string {
  const colors = colorsFor(io.stdout, io.env);
  // 2026-07 sends `questions`, 2026-09 `samples` (an instruction and its response).
  const questions =
    benchmark.questions ??
    benchmark.samples?.map((sample) => ({
      question_num: sample.sample_num,
      question: sample.instruction,
      answer: sample.response,
    })) ??
    [];
  const header = renderFields(
    [
      ["benchmark", benchmark.id],
      ["name", benchmark.benchmark_name ?? benchmark.name ?? (benchmark.metadata?.name as string | null | undefined)],
      [
        "status",
        benchmark.status ? statusColor(colors, "BenchmarkStatus", benchmark.status)(benchmark.status) : undefined,
      ],
      ["questions", benchmark.num_questions ?? questions.length],
      ["documents", (benchmark.documents ?? benchmark.document_ids ?? []).join(", ")],
      ["created", formatDate(benchmark.created_at)],
      ["error", benchmark.error ? colors.red(benchmark.error) : undefined],
    ],
    colors,
  );
  const body = questions.map(
    (q, i) => `${colors.bold(`${q.question_num ?? i + 1}.`)} ${q.question}\n   ${colors.dim("→")} ${q.answer}`,
  );
  return [header, ...body].join("\n\n");
}
