import type { Command } from "commander";
import { ambiguityAdvice } from "../../core/jobs.js";
import type { BaseModel, DeploymentTask, DomainAlignedModel, Nugen } from "../../index.js";
import { onRun } from "../action.js";
import { callApi } from "../api-call.js";
import { clientFor } from "../client.js";
import { type WaitFlags, jsonFlag, waitFlags } from "../common-flags.js";
import { type JobKind, followAndPrint } from "../follow.js";
import { formatDate, renderFields } from "../format.js";
import { type IO, colorsFor, widthOf, writeJson, writeLine } from "../io.js";
import { type Column, renderTable, statusColor } from "../table.js";

/** Deploying and undeploying: the same task shape, followed the same way. */
const DEPLOYMENT_STEPS = {
  deploy: {
    start: (nugen: Nugen, id: string, early?: boolean) => nugen.models.deploy(id, early ? { early } : {}),
    wait: (nugen: Nugen) => nugen.models.waitUntilDeployed.bind(nugen.models),
    started: "Deploying",
    done: "deployed",
  },
  undeploy: {
    start: (nugen: Nugen, id: string) => nugen.models.undeploy(id),
    wait: (nugen: Nugen) => nugen.models.waitUntilUndeployed.bind(nugen.models),
    started: "Undeploying",
    done: "undeployed",
  },
} as const;

type Step = keyof typeof DEPLOYMENT_STEPS;

function deploymentJob(nugen: Nugen, step: Step): JobKind<DeploymentTask> {
  return {
    job: step,
    wait: DEPLOYMENT_STEPS[step].wait(nugen),
    // The task has no CLI command of its own; the model's line in the list shows where it stands.
    resume: () => "nugen models list",
  };
}

export function registerModels(program: Command, io: IO): void {
  const models = program.command("models").description("Aligned and base models; deploying and undeploying");

  const list = models
    .command("list")
    .description("List your domain-aligned models (or, with --base, the base models)")
    .option("--base", "list the base models instead (those marked ready can be aligned)")
    .addHelpText("after", "\nExamples:\n  $ nugen models list\n  $ nugen models list --base\n  $ nugen models list --json | jq -r '.[] | select(.status == \"DEPLOYED\") | .id'");
  onRun(jsonFlag(list, "print the API's list unchanged, as JSON"), async (options: { json?: boolean; base?: boolean }, command: Command) => {
    const nugen = clientFor(command, io);
    const colors = colorsFor(io.stdout, io.env);
    if (options.base) {
      const base = await callApi(command, {}, () => nugen.models.listBase());
      if (options.json) return writeJson(io, base);
      const columns: Column<BaseModel>[] = [
        { header: "ID", value: (m) => m.id, keep: true },
        { header: "NAME", value: (m) => m.name ?? "-" },
        { header: "ALIGNMENT READY", value: (m) => (m.alignment_ready ? "yes" : "no") },
      ];
      return writeLine(io.stdout, renderTable(base, columns, colors, widthOf(io.stdout)));
    }
    const aligned = await callApi(command, {}, () => nugen.models.listAligned());
    if (options.json) return writeJson(io, aligned);
    if (aligned.length === 0) return writeLine(io.stdout, "No aligned models yet. Create one with `nugen projects create`.");
    const columns: Column<DomainAlignedModel>[] = [
      // The id is what people copy into the next command: never cut.
      { header: "ID", value: (m) => m.id, keep: true },
      { header: "NAME", value: (m) => m.name },
      { header: "BASE MODEL", value: (m) => m.base_model },
      { header: "STATUS", value: (m) => m.status, color: (text, m) => statusColor(colors, "ModelStatus", m.status)(text) },
      { header: "DEPLOYMENT", value: (m) => m.deployment_status ?? "-", color: (text, m) => statusColor(colors, "ModelStatus", m.deployment_status)(text) },
      { header: "ACCURACY", value: (m) => (typeof m.performance_metrics?.accuracy === "number" ? m.performance_metrics.accuracy.toFixed(2) : "-") },
      { header: "LAST USED", value: (m) => formatDate(m.last_used, "never") },
    ];
    return writeLine(io.stdout, renderTable(aligned, columns, colors, widthOf(io.stdout)));
  });

  for (const step of ["deploy", "undeploy"] as const) {
    const { started, done } = DEPLOYMENT_STEPS[step];
    const ambiguity = ambiguityAdvice(step, "cli");
    const command = models
      .command(step)
      .description(step === "deploy" ? "Deploy an aligned model, so that inference can use it" : "Undeploy a model (a deployed model is billed while idle)")
      .argument("<id>", "aligned model id, as `nugen models list` shows it")
      .addHelpText("after", `\nExamples:\n  $ nugen models ${step} support-bot-model\n  $ nugen models ${step} support-bot-model --wait`);
    waitFlags(command, `the model is ${done}`);
    onRun(jsonFlag(command), async (id: string, options: WaitFlags, command: Command) => {
      const nugen = clientFor(command, io);
      const answer = await callApi(command, { ifItMayHaveTakenEffect: ambiguity }, () => DEPLOYMENT_STEPS[step].start(nugen, id));
      if (!options.wait) {
        return options.json ? writeJson(io, answer) : writeLine(io.stdout, `${started} ${answer.model_id}; \`nugen models list\` shows when it is ${done}.`);
      }
      writeLine(io.stderr, `${started} ${answer.model_id}; waiting until it is ${done}.`);
      return followAndPrint(command, io, deploymentJob(nugen, step), answer.model_id, {
        timeoutMs: options.waitTimeout,
        json: options.json,
        describe: (task) => describeTask(answer.model_id, task, io),
      });
    });
  }
}

function describeTask(id: string, task: DeploymentTask, io: IO): string {
  const colors = colorsFor(io.stdout, io.env);
  const result = task.result;
  return renderFields(
    [
      ["model", id],
      ["task", statusColor(colors, "DeploymentTaskStatus", task.status)(task.status)],
      ["status", result?.status ? statusColor(colors, "ModelStatus", result.status)(result.status) : undefined],
      ["message", result?.message],
      ["started", task.start_time],
      ["ended", task.end_time],
    ],
    colors,
  );
}
