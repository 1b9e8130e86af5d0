import { type Command, Option } from "commander";
import { ambiguityAdvice } from "../../core/jobs.js";
import type { AlignmentProject, AlignmentProjectSummary, AlignmentStatusResponse, Nugen } from "../../index.js";
import { onRun } from "../action.js";
import { callApi } from "../api-call.js";
import { clientFor } from "../client.js";
import { jsonFlag, repeated, type WaitFlags, waitFlags } from "../common-flags.js";
import { followAndPrint, type JobKind } from "../follow.js";
import { formatDate, renderFields } from "../format.js";
import { colorsFor, type IO, widthOf, writeJson, writeLine } from "../io.js";
import { parseCount, parseDuration } from "../parse-flags.js";
import { type Column, renderTable, statusColor } from "../table.js";

const CREATE_TERMS = {
  flags: { document_ids: "--document", benchmark_id: "--benchmark", workflow_id: "--workflow" },
  ifItMayHaveTakenEffect: ambiguityAdvice("alignment", "cli"),
};

interface CreateFlags extends WaitFlags {
  name: string;
  baseModel: string;
  document: string[];
  benchmark?: string;
  workflow?: string;
  description?: string;
}

export function projectJob(nugen: Nugen): JobKind<AlignmentStatusResponse> {
  return {
    job: "alignment",
    wait: (id, options) => nugen.alignmentProjects.waitUntilDone(id, options),
    resume: (id) => `nugen projects wait ${id}`,
    check: (id) => `nugen projects status ${id}`,
  };
}

export function registerProjects(program: Command, io: IO): void {
  const projects = program.command("projects").description("Alignment projects: create, list, inspect, wait, delete");

  const create = projects
    .command("create")
    .description("Create an alignment project and print its id")
    .requiredOption("--name <name>", "name of the project")
    .requiredOption("--base-model <model>", "base model to align, such as nugen-flash-instruct")
    .requiredOption("--document <id>", "processed document (doc_...) to train on (repeat for several)", repeated)
    .option("--benchmark <id>", "benchmark to evaluate the aligned model against")
    .option("--workflow <id>", "workflow id that orchestrates the flow")
    .option("--description <text>", "description of the project");
  waitFlags(create, "the project ends");
  jsonFlag(create).addHelpText(
    "after",
    '\nExamples:\n  $ nugen projects create --name "Support bot" --base-model nugen-flash-instruct --document doc-abc123 --document doc-def456\n  $ ID=$(nugen projects create --name Legal --base-model nugen-flash-instruct --document doc-1) && nugen projects wait "$ID"',
  );
  onRun(create, async (options: CreateFlags, command: Command) => {
    const nugen = clientFor(command, io);
    const created = await callApi(command, CREATE_TERMS, () =>
      nugen.alignmentProjects.create({
        name: options.name,
        base_model: options.baseModel,
        document_ids: options.document,
        benchmark_id: options.benchmark,
        workflow_id: options.workflow,
        description: options.description,
      }),
    );
    if (!options.wait) return options.json ? writeJson(io, created) : writeLine(io.stdout, created.id);
    // The id first, so that it is kept however the wait ends.
    if (!options.json) writeLine(io.stdout, created.id);
    writeLine(io.stderr, `Created alignment project ${created.id} (${created.status}); waiting for it to finish.`);
    return followAndPrint(command, io, projectJob(nugen), created.id, {
      timeoutMs: options.waitTimeout,
      json: options.json,
      describe: (final) => describeStatus(created.id, final, io),
    });
  });

  const list = projects
    .command("list")
    .description("List your alignment projects (2026-09)")
    .addOption(
      new Option(
        "--limit <n>",
        "how many to show (1–100; default 10), or with --all how many to fetch per request",
      ).argParser(parseCount),
    )
    .option("--all", "every project, fetched page by page")
    .addHelpText(
      "after",
      "\nExamples:\n  $ nugen projects list\n  $ nugen projects list --all --json | jq -r '.[] | select(.status == \"READY\") | .id'",
    );
  onRun(
    jsonFlag(list, "print the projects as a JSON array"),
    async (options: { limit?: number; all?: boolean; json?: boolean }, command: Command) => {
      const nugen = clientFor(command, io);
      const params = { limit: options.limit };
      const rows: AlignmentProjectSummary[] = [];
      let more = false;
      await callApi(command, {}, async () => {
        if (options.all) {
          for await (const project of nugen.alignmentProjects.list(params)) rows.push(project);
        } else {
          const page = await nugen.alignmentProjects.list(params);
          rows.push(...page.items);
          more = page.hasNextPage();
        }
      });
      if (options.json) return writeJson(io, rows);
      if (rows.length === 0)
        return writeLine(io.stdout, "No alignment projects yet. Create one with `nugen projects create`.");
      const colors = colorsFor(io.stdout, io.env);
      const columns: Column<AlignmentProjectSummary>[] = [
        { header: "ID", value: (p) => p.id, keep: true },
        { header: "NAME", value: (p) => p.alignment_name ?? "-" },
        { header: "BASE MODEL", value: (p) => p.base_model_id ?? "-" },
        {
          header: "STATUS",
          value: (p) => p.status ?? "-",
          color: (text, p) => statusColor(colors, "AlignmentStatus", p.status)(text),
        },
      ];
      writeLine(io.stdout, renderTable(rows, columns, colors, widthOf(io.stdout)));
      // The list has no total: a full page may be the last.
      if (more) writeLine(io.stderr, "There may be more: pass --all to list every one, or a larger --limit.");
    },
  );

  const status = projects
    .command("status")
    .description("Show an alignment project's status")
    .argument("<id>", "project id, as printed by `nugen projects create`")
    .addHelpText("after", "\nExample:\n  $ nugen projects status alignment_01KXG82FJJ98NQ0");
  onRun(
    jsonFlag(status, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).alignmentProjects.status(id));
      return options.json ? writeJson(io, answer) : writeLine(io.stdout, describeStatus(id, answer, io));
    },
  );

  const show = projects
    .command("show")
    .description("Show an alignment project: name, base model, documents, model, metrics")
    .argument("<id>", "project id")
    .addHelpText("after", "\nExample:\n  $ nugen projects show alignment_01KXG82FJJ98NQ0");
  onRun(
    jsonFlag(show, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const project = await callApi(command, {}, () => clientFor(command, io).alignmentProjects.retrieve(id));
      return options.json ? writeJson(io, project) : writeLine(io.stdout, describeProject(project, io));
    },
  );

  const wait = projects
    .command("wait")
    .description("Wait for an alignment project to finish, showing its progress")
    .argument("<id>", "project id")
    .addOption(
      new Option(
        "--timeout <duration>",
        "stop waiting after this long, e.g. 90m or 2h (the project keeps running); exit 5",
      ).argParser(parseDuration),
    )
    .addHelpText("after", "\nExample:\n  $ nugen projects wait alignment_01KXG82FJJ98NQ0 --timeout 2h");
  onRun(
    jsonFlag(wait, "print the final status as JSON"),
    async (id: string, options: { timeout?: number; json?: boolean }, command: Command) => {
      const nugen = clientFor(command, io);
      return followAndPrint(command, io, projectJob(nugen), id, {
        timeoutMs: options.timeout,
        json: options.json,
        describe: (final) => describeStatus(id, final, io),
      });
    },
  );

  const remove = projects
    .command("delete")
    .description("Delete an alignment project (undeploy its model first)")
    .argument("<id>", "project id")
    .addHelpText("after", "\nExample:\n  $ nugen projects delete alignment_01KXG82FJJ98NQ0");
  onRun(
    jsonFlag(remove, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).alignmentProjects.delete(id));
      return options.json ? writeJson(io, answer) : writeLine(io.stdout, `Deleted alignment project ${id}.`);
    },
  );
}

function describeStatus(
  id: string,
  { status, data, start_time, end_time, queue_position, early_deployable }: AlignmentStatusResponse,
  io: IO,
): string {
  const colors = colorsFor(io.stdout, io.env);
  return renderFields(
    [
      ["project", id],
      ["status", statusColor(colors, "AlignmentStatus", status)(status)],
      ["progress", typeof data?.progress === "number" ? `${data.progress}%` : undefined],
      // 2026-09: the place in the training queue, and whether a checkpoint can be deployed before training ends.
      ["queue", typeof queue_position === "number" ? `#${queue_position}` : undefined],
      [
        "deployable early",
        early_deployable && status !== "READY" ? "yes (`nugen models deploy MODEL --early`)" : undefined,
      ],
      ["model", data?.model_id],
      ["evaluation", data?.evaluation_id as string | undefined],
      ["error", data?.error ? colors.red(data.error) : undefined],
      ["started", start_time],
      ["ended", end_time],
    ],
    colors,
  );
}

function describeProject(project: AlignmentProject & { id: string }, io: IO): string {
  const colors = colorsFor(io.stdout, io.env);
  const metrics = project.performance_metrics;
  const change = (before: unknown, after: unknown) =>
    typeof before === "number" && typeof after === "number" ? `${before.toFixed(2)} → ${after.toFixed(2)}` : undefined;
  return renderFields(
    [
      ["project", project.id],
      ["name", project.name ?? project.alignment_name],
      ["base model", project.base_model ?? project.base_model_id],
      ["status", statusColor(colors, "AlignmentStatus", project.status)(project.status ?? "-")],
      ["progress", typeof project.progress === "number" ? `${project.progress}%` : undefined],
      // The reference says `documents`; the live API sends `document_ids`.
      ["documents", (project.documents ?? project.document_ids)?.join(", ")],
      ["benchmark", project.benchmark_id],
      ["model", project.model_id],
      ["evaluation", project.evaluation_id],
      ["accuracy", change(metrics?.accuracy_before, metrics?.accuracy_after)],
      ["uncertainty", change(metrics?.uncertainty_before, metrics?.uncertainty_after)],
      ["error", project.error ? colors.red(project.error) : undefined],
      ["stage failures", project.stage_failures?.length ? colors.red(project.stage_failures.join(", ")) : undefined],
      ["created", formatDate(project.created_date ?? project.created_at)],
      [
        "completed",
        (project.completed_date ?? project.completed_at)
          ? formatDate(project.completed_date ?? project.completed_at)
          : undefined,
      ],
    ],
    colors,
  );
}
