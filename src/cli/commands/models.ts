import type { Command } from "commander";
import { ambiguityAdvice } from "../../core/jobs.js";
import {
  type BaseModel,
  ConflictError,
  type DeploymentTask,
  type DomainAlignedModel,
  type Model,
  type Nugen,
} from "../../index.js";
import { onRun } from "../action.js";
import { callApi } from "../api-call.js";
import { clientFor } from "../client.js";
import { jsonFlag, type WaitFlags, waitFlags } from "../common-flags.js";
import { followAndPrint, type JobKind } from "../follow.js";
import { formatDate, renderFields } from "../format.js";
import { colorsFor, type IO, widthOf, writeJson, writeLine } from "../io.js";
import { withHint } from "../report-error.js";
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

/** The SDK's advice on a model still training (2026-09's 409) names its option; the CLI's names the flag. */
const SDK_EARLY_ADVICE = / The model is still training: pass `\{ early: true \}`.*$/s;

function inCliTerms(error: unknown, id: string): unknown {
  if (!(error instanceof ConflictError) || !SDK_EARLY_ADVICE.test(error.message)) return error;
  error.message = error.message.replace(SDK_EARLY_ADVICE, "");
  return withHint(
    error,
    `Deploy its newest checkpoint now with \`nugen models deploy ${id} --early\`, or wait until the project is READY.`,
  );
}

function deploymentJob(nugen: Nugen, step: Step): JobKind<DeploymentTask> {
  return {
    job: step,
    wait: DEPLOYMENT_STEPS[step].wait(nugen),
    // The task has no CLI command of its own; the model's line in the list shows where it stands.
    resume: () => "nugen models list",
  };
}

export function registerModels(program: Command, io: IO): void {
  const models = program.command("models").description("Aligned and base models; showing, deploying and undeploying");

  const list = models
    .command("list")
    .description("List your domain-aligned models (or, with --base, the base models)")
    .option("--base", "list the base models instead (those marked ready can be aligned)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ nugen models list\n  $ nugen models list --base\n  $ nugen models list --json | jq -r '.[] | select(.status == \"DEPLOYED\") | .id'",
    );
  onRun(
    jsonFlag(list, "print the API's list unchanged, as JSON"),
    async (options: { json?: boolean; base?: boolean }, command: Command) => {
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
      if (aligned.length === 0)
        return writeLine(io.stdout, "No aligned models yet. Create one with `nugen projects create`.");
      const columns: Column<DomainAlignedModel>[] = [
        // The id is what people copy into the next command: never cut.
        { header: "ID", value: (m) => m.id, keep: true },
        { header: "NAME", value: (m) => m.name },
        { header: "BASE MODEL", value: (m) => m.base_model },
        {
          header: "STATUS",
          value: (m) => m.status,
          color: (text, m) => statusColor(colors, "ModelStatus", m.status)(text),
        },
        {
          header: "DEPLOYMENT",
          value: (m) => m.deployment_status ?? "-",
          color: (text, m) => statusColor(colors, "ModelStatus", m.deployment_status)(text),
        },
        {
          header: "ACCURACY",
          value: (m) =>
            typeof m.performance_metrics?.accuracy === "number" ? m.performance_metrics.accuracy.toFixed(2) : "-",
        },
        { header: "LAST USED", value: (m) => formatDate(m.last_used, "never") },
      ];
      return writeLine(io.stdout, renderTable(aligned, columns, colors, widthOf(io.stdout)));
    },
  );

  const show = models
    .command("show")
    .description("Show one aligned model: its deployment, progress, metrics and evaluation")
    .argument("<id>", "aligned model id, as `nugen models list` shows it")
    .addHelpText("after", "\nExample:\n  $ nugen models show model_01KZJDET5HDSHN2C");
  onRun(
    jsonFlag(show, "print the API's answer as JSON"),
    async (id: string, options: { json?: boolean }, command: Command) => {
      const model = await callApi(command, {}, () => clientFor(command, io).models.retrieve(id));
      return options.json ? writeJson(io, model) : writeLine(io.stdout, describeModel(model, io));
    },
  );

  for (const step of ["deploy", "undeploy"] as const) {
    const { started, done } = DEPLOYMENT_STEPS[step];
    const ambiguity = ambiguityAdvice(step, "cli");
    const command = models
      .command(step)
      .description(
        step === "deploy"
          ? "Deploy an aligned model, so that inference can use it"
          : "Undeploy a model (a deployed model is billed while idle)",
      )
      .argument("<id>", "aligned model id, as `nugen models list` shows it")
      .addHelpText(
        "after",
        `\nExamples:\n  $ nugen models ${step} support-bot-model\n  $ nugen models ${step} support-bot-model --wait`,
      );
    waitFlags(command, `the model is ${done}`);
    if (step === "deploy") {
      command
        .option("--early", "deploy the newest checkpoint while the model still trains (2026-09)")
        .addHelpText("after", "  $ nugen models deploy model_01KZJDET5HDSHN2C --early --wait");
    }
    onRun(jsonFlag(command), async (id: string, options: WaitFlags & { early?: boolean }, command: Command) => {
      const nugen = clientFor(command, io);
      const answer = await callApi(command, { ifItMayHaveTakenEffect: ambiguity }, () =>
        DEPLOYMENT_STEPS[step].start(nugen, id, options.early),
      ).catch((error: unknown) => {
        throw inCliTerms(error, id);
      });
      if (!options.wait) {
        return options.json
          ? writeJson(io, answer)
          : writeLine(io.stdout, `${started} ${answer.model_id}; \`nugen models list\` shows when it is ${done}.`);
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

/** A deploy or undeploy task (2026-07: the task's status, the model's in `result`), or the deployment's own status (2026-09). */
function describeTask(id: string, task: DeploymentTask, io: IO): string {
  const colors = colorsFor(io.stdout, io.env);
  const result = task.result;
  // Only a 2026-07 task has a `result` (null until it ends).
  const isTask = "result" in task;
  const error = typeof task.error === "string" ? task.error : undefined;
  return renderFields(
    [
      ["model", id],
      ["task", isTask ? statusColor(colors, "DeploymentTaskStatus", task.status)(task.status) : undefined],
      [
        "status",
        isTask
          ? result?.status
            ? statusColor(colors, "ModelStatus", result.status)(result.status)
            : undefined
          : statusColor(colors, "ModelStatus", task.status)(task.status),
      ],
      ["message", result?.message],
      ["error", error ? colors.red(error) : undefined],
      ["started", task.start_time],
      ["ended", task.end_time],
    ],
    colors,
  );
}

function describeModel(model: Model, io: IO): string {
  const colors = colorsFor(io.stdout, io.env);
  const evaluation = model.evaluation_data;
  const accuracy = model.performance_metrics?.accuracy;
  return renderFields(
    [
      ["model", model.id],
      ["name", model.name ?? model.model_name],
      ["base model", model.base_model ?? model.base_model_id],
      ["project", model.alignment_id ?? model.alignment_project],
      ["status", model.status ? statusColor(colors, "ModelStatus", model.status)(model.status) : undefined],
      [
        "deployment",
        model.deployment_status && model.deployment_status !== model.status
          ? statusColor(colors, "ModelStatus", model.deployment_status)(model.deployment_status)
          : undefined,
      ],
      ["progress", typeof model.progress === "number" ? `${model.progress}%` : undefined],
      ["accuracy", typeof accuracy === "number" ? accuracy.toFixed(2) : undefined],
      [
        "evaluation",
        evaluation?.evaluation_id
          ? `${evaluation.evaluation_id}${evaluation.status ? ` (${evaluation.status})` : ""}`
          : undefined,
      ],
      ["error", typeof model.error === "string" && model.error ? colors.red(model.error) : undefined],
      ["created", formatDate(model.created_at ?? model.created_date, "") || undefined],
      ["last used", model.last_used ? formatDate(model.last_used) : undefined],
    ],
    colors,
  );
}
