import { type Command, Option } from "commander";
import { APIUserAbortError, type AlignmentStatusResponse, type Nugen, RequestValidationError } from "../../index.js";
import { clientFor } from "../client.js";
import { parseDuration } from "../duration.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { type IO, colorsFor, writeLine } from "../io.js";
import { createProgressDisplay } from "../progress.js";
import { statusColor } from "../table.js";

/** Body fields as the flags that set them, so input errors name the flag the user typed. */
const FLAG_FOR_FIELD: Record<string, string> = {
  "body.name": "--name",
  "body.base_model": "--base-model",
  "body.document_ids": "--document",
  "body.benchmark_id": "--benchmark",
  "body.workflow_id": "--workflow",
  "body.description": "--description",
  id: "ID",
};

interface CreateOptions {
  name: string;
  baseModel: string;
  document: string[];
  benchmark?: string;
  workflow?: string;
  description?: string;
  wait?: boolean;
  timeout?: number;
  json?: boolean;
}

export function registerProjects(program: Command, io: IO): void {
  const projects = program.command("projects").description("Alignment projects: create, inspect, wait");

  projects
    .command("create")
    .description("Create an alignment project and print its id")
    .requiredOption("--name <name>", "name of the project")
    .requiredOption("--base-model <model>", "base model to align, such as nugen-flash-instruct")
    .requiredOption("--document <id>", "document to train on (repeat for several)", (id: string, ids: string[] = []) => [...ids, id])
    .option("--benchmark <id>", "benchmark to evaluate the aligned model against")
    .option("--workflow <id>", "workflow id that orchestrates the flow")
    .option("--description <text>", "description of the project")
    .option("--wait", "follow the project until it ends")
    .addOption(new Option("--wait-timeout <duration>", "with --wait, stop waiting after this long (e.g. 2h)").argParser(parseDuration))
    .option("--json", "print JSON instead of text")
    .addHelpText(
      "after",
      "\nExamples:\n  $ nugen projects create --name \"Support bot\" --base-model nugen-flash-instruct --document doc-abc123 --document doc-def456\n  $ ID=$(nugen projects create --name Legal --base-model nugen-flash-instruct --document doc-1) && nugen projects wait \"$ID\"",
    )
    .action(async (options: CreateOptions & { waitTimeout?: number }, command: Command) => {
      const nugen = clientFor(command, io);
      const created = await withFlagNames(command, () =>
        nugen.alignmentProjects.create({
          name: options.name,
          base_model: options.baseModel,
          document_ids: options.document,
          benchmark_id: options.benchmark,
          workflow_id: options.workflow,
          description: options.description,
        }),
      );
      if (!options.wait) {
        return writeLine(io.stdout, options.json ? JSON.stringify(created, null, 2) : created.id);
      }
      if (!options.json) writeLine(io.stdout, created.id);
      writeLine(io.stderr, `Created alignment project ${created.id} (${created.status}); waiting for it to finish.`);
      process.exitCode = await follow(command, nugen, created.id, io, { timeoutMs: options.waitTimeout, json: options.json });
    });

  projects
    .command("status")
    .description("Show an alignment project's status")
    .argument("<id>", "project id, as printed by `nugen projects create`")
    .option("--json", "print the API's answer as JSON")
    .addHelpText("after", "\nExample:\n  $ nugen projects status alignment_01KXG82FJJ98NQ0")
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const status = await withFlagNames(command, () => clientFor(command, io).alignmentProjects.status(id));
      writeLine(io.stdout, options.json ? JSON.stringify(status, null, 2) : describeStatus(id, status, io));
    });

  projects
    .command("wait")
    .description("Wait for an alignment project to finish, showing its progress")
    .argument("<id>", "project id")
    .addOption(new Option("--timeout <duration>", "stop waiting after this long, e.g. 90m or 2h (the project keeps running)").argParser(parseDuration))
    .option("--json", "print the final status as JSON")
    .addHelpText("after", "\nExample:\n  $ nugen projects wait alignment_01KXG82FJJ98NQ0 --timeout 2h")
    .action(async (id: string, options: { timeout?: number; json?: boolean }, command: Command) => {
      const nugen = clientFor(command, io);
      process.exitCode = await follow(command, nugen, id, io, { timeoutMs: options.timeout, json: options.json });
    });
}

/** Follows a project to its end; Ctrl-C stops waiting (not the project) with exit 130. */
async function follow(command: Command, nugen: Nugen, id: string, io: IO, options: { timeoutMs?: number; json?: boolean }): Promise<number> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once("SIGINT", onInterrupt);
  const display = createProgressDisplay(io, id);
  try {
    const final = await withFlagNames(command, () =>
      nugen.alignmentProjects.waitUntilDone(id, { timeoutMs: options.timeoutMs, signal: controller.signal, onProgress: display.update }),
    );
    display.stop();
    writeLine(io.stdout, options.json ? JSON.stringify(final, null, 2) : describeStatus(id, final, io));
    return EXIT.ok;
  } catch (error) {
    display.stop();
    if (error instanceof APIUserAbortError && controller.signal.aborted) {
      writeLine(io.stderr, `Stopped waiting. Alignment project ${id} keeps running on the server; resume with: nugen projects wait ${id}`);
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}

function describeStatus(id: string, { status, data, start_time, end_time }: AlignmentStatusResponse, io: IO): string {
  const colors = colorsFor(io.stdout, io.env);
  const rows: [string, string | number | null | undefined][] = [
    ["project", id],
    ["status", statusColor(colors, status)(status)],
    ["progress", typeof data?.progress === "number" ? `${data.progress}%` : undefined],
    ["model", data?.model_id],
    ["error", data?.error ? colors.red(data.error) : undefined],
    ["started", start_time],
    ["ended", end_time],
  ];
  return rows
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([label, value]) => `${colors.dim(label.padEnd(9))}${value}`)
    .join("\n");
}

/** Re-raises the SDK's input errors as usage errors that name the flag, not the body field. */
async function withFlagNames<T>(command: Command, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    const problems = error.issues.map((issue) => {
      const field = issue.field.replace(/\[\d+\]$/, "");
      return `${FLAG_FOR_FIELD[field] ?? issue.field} ${issue.message}`;
    });
    throw new UsageError(`Invalid input: ${problems.join("; ")}.`, command.helpInformation());
  }
}
