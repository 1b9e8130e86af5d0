/**
 * `nugen agents`: hosted agents. Create, list, show, update and delete them by id; run one
 * by its name (a conversation on a terminal, or one message); their usage, and the models
 * they can run on.
 */
import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import type {
  Agent,
  AgentDemonstration,
  AgentModel,
  CreateAgentRequest,
  Nugen,
  UpdateAgentRequest,
} from "../../index.js";
import { onRun } from "../action.js";
import { inferenceHint } from "../answer.js";
import { callApi } from "../api-call.js";
import { clientFor } from "../client.js";
import { checkHeaderFlag, jsonFlag } from "../common-flags.js";
import { converse } from "../conversation.js";
import { UsageError } from "../errors.js";
import { localFile } from "../files.js";
import { formatDate, renderFields } from "../format.js";
import { colorsFor, type IO, widthOf, writeJson, writeLine } from "../io.js";
import { parseCount, parseNumber } from "../parse-flags.js";
import { withHint } from "../report-error.js";
import { type Column, renderTable } from "../table.js";

const TERMS = {
  flags: {
    agent_name: "--name",
    agent_description: "--description",
    max_tokens: "--max-tokens",
    max_token: "--max-tokens",
    demonstrations: "--demonstrations-file",
  },
};
const CREATE_TERMS = {
  ...TERMS,
  ifItMayHaveTakenEffect:
    "The agent may have been created all the same: check `nugen agents list` before creating it again.",
};

/** The flags that shape an agent, on `create` and `update`. */
interface AgentFlags {
  name?: string;
  description?: string;
  model?: string;
  instructions?: string;
  instructionsFile?: string;
  temperature?: number;
  maxTokens?: number;
  demonstrationsFile?: string;
  json?: boolean;
}

function agentFlags(command: Command, creating: boolean): Command {
  return command
    .option("--description <text>", "what the agent is for")
    .option(
      "--model <id>",
      `the model it runs on: \`nugen agents models\` lists them${creating ? " (default nugen-flash-instruct)" : ""}`,
    )
    .option("--instructions <text>", "its system prompt")
    .option("--instructions-file <path>", "its system prompt, read from a file")
    .addOption(new Option("--temperature <x>", "sampling temperature from 0 to 2 (default 0.7)").argParser(parseNumber))
    .addOption(new Option("--max-tokens <n>", "most tokens in one answer").argParser(parseCount))
    .option(
      "--demonstrations-file <path>",
      "example exchanges: a JSON list of {user_input, model_output} (or {input, output})",
    );
}

/** The body fields the flags give; files are read here, so a bad one is a usage error before anything is sent. */
function fieldsOf(flags: AgentFlags, command: Command): Partial<CreateAgentRequest> {
  const usage = command.helpInformation();
  if (flags.instructions !== undefined && flags.instructionsFile !== undefined)
    throw new UsageError("Give the instructions once: --instructions or --instructions-file.", usage);
  const read = (path: string, flag: string) => {
    localFile(path, flag, usage);
    return readFileSync(path, "utf8");
  };
  let demonstrations: AgentDemonstration[] | undefined;
  if (flags.demonstrationsFile !== undefined) {
    try {
      demonstrations = JSON.parse(read(flags.demonstrationsFile, "--demonstrations-file"));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `--demonstrations-file ${flags.demonstrationsFile} is not JSON: ${(error as Error).message}.`,
        usage,
      );
    }
    if (!Array.isArray(demonstrations))
      throw new UsageError(
        `--demonstrations-file ${flags.demonstrationsFile} must hold a JSON list of {user_input, model_output}.`,
        usage,
      );
  }
  const instructions =
    flags.instructionsFile !== undefined ? read(flags.instructionsFile, "--instructions-file") : flags.instructions;
  const fields: Partial<CreateAgentRequest> = {
    agent_description: flags.description,
    model: flags.model,
    instructions,
    temperature: flags.temperature,
    max_tokens: flags.maxTokens,
    demonstrations,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

export function registerAgents(program: Command, io: IO): void {
  const agents = program
    .command("agents")
    .description("Hosted agents: a model, instructions and examples behind one run endpoint");

  const create = agents
    .command("create")
    .description("Create an agent and print its id")
    .requiredOption("--name <name>", "the agent's name, which runs address it by (spaces are fine)");
  agentFlags(create, true);
  jsonFlag(create, "print the agent as JSON").addHelpText(
    "after",
    '\nExamples:\n  $ nugen agents create --name "Kestrel support" --instructions "You answer customers of Kestrel E-Bikes." --demonstrations-file demonstrations.json\n  $ nugen agents create --name Returns --model support-bot-model --max-tokens 300',
  );
  onRun(create, async (flags: AgentFlags & { name: string }, command: Command) => {
    const body: CreateAgentRequest = { agent_name: flags.name, ...fieldsOf(flags, command) };
    const agent = await callApi(command, CREATE_TERMS, () => clientFor(command, io).agents.create(body));
    if (flags.json) return writeJson(io, agent);
    writeLine(io.stdout, agent.id);
    writeLine(
      io.stderr,
      `Created agent ${agent.id} (${agent.name ?? flags.name}); talk to it with \`nugen agents run ${shellQuoted(flags.name)}\`.`,
    );
  });

  const list = agents
    .command("list")
    .description("List your agents")
    .option("--include-inactive", "also list the inactive ones");
  jsonFlag(list, "print the list as JSON").addHelpText(
    "after",
    "\nExamples:\n  $ nugen agents list\n  $ nugen agents list --include-inactive --json | jq -r '.[].id'",
  );
  onRun(list, async (flags: { includeInactive?: boolean; json?: boolean }, command: Command) => {
    const rows = await callApi(command, {}, () =>
      clientFor(command, io).agents.list(flags.includeInactive ? { include_inactive: true } : {}),
    );
    if (flags.json) return writeJson(io, rows);
    if (rows.length === 0)
      return writeLine(io.stdout, "No agents yet. Create one with `nugen agents create --name NAME`.");
    const colors = colorsFor(io.stdout, io.env);
    const columns: Column<Agent>[] = [
      { header: "ID", value: (agent) => agent.id, keep: true },
      { header: "NAME", value: (agent) => agent.name ?? "-" },
      { header: "MODEL", value: (agent) => agent.base_model ?? "-" },
      {
        header: "STATUS",
        value: (agent) => agent.status ?? "-",
        color: (text, agent) => (isActive(agent) ? colors.green(text) : colors.dim(text)),
      },
      { header: "RUNS", value: (agent) => String(agent.usage_count ?? 0) },
      { header: "LAST USED", value: (agent) => formatDate(agent.last_used, "never") },
    ];
    return writeLine(io.stdout, renderTable(rows, columns, colors, widthOf(io.stdout)));
  });

  const show = agents
    .command("show")
    .description("Show an agent: its model, instructions, demonstrations and use")
    .argument("<id>", "agent id, as `nugen agents list` shows it");
  onRun(jsonFlag(show, "print the agent as JSON"), async (id: string, flags: { json?: boolean }, command: Command) => {
    const agent = await callApi(command, {}, () => clientFor(command, io).agents.retrieve(id));
    return flags.json ? writeJson(io, agent) : writeLine(io.stdout, describeAgent(agent, io));
  });

  const update = agents
    .command("update")
    .description("Change an agent: the fields given, the others kept")
    .argument("<id>", "agent id")
    .option("--name <name>", "a new name (its run endpoint changes with it)")
    .option("--activate", "make it run again")
    .option("--deactivate", "stop it from running (and leave it out of `nugen agents list`)");
  agentFlags(update, false);
  jsonFlag(update, "print the agent as JSON").addHelpText(
    "after",
    '\nExamples:\n  $ nugen agents update kestrel_support_k7q2m9xa --instructions "Answer in two sentences."\n  $ nugen agents update kestrel_support_k7q2m9xa --deactivate',
  );
  onRun(
    update,
    async (id: string, flags: AgentFlags & { activate?: boolean; deactivate?: boolean }, command: Command) => {
      const usage = command.helpInformation();
      if (flags.activate && flags.deactivate) throw new UsageError("Give --activate or --deactivate, not both.", usage);
      const patch: UpdateAgentRequest = {
        ...fieldsOf(flags, command),
        ...(flags.name !== undefined ? { agent_name: flags.name } : {}),
        ...(flags.activate ? { status: "ACTIVE" as const } : flags.deactivate ? { status: "INACTIVE" as const } : {}),
      };
      if (Object.keys(patch).length === 0)
        throw new UsageError(
          "Nothing to change: give at least one of --name, --description, --model, --instructions, --temperature, --max-tokens, --demonstrations-file, --activate, --deactivate.",
          usage,
        );
      const agent = await callApi(command, TERMS, () => clientFor(command, io).agents.update(id, patch));
      return flags.json ? writeJson(io, agent) : writeLine(io.stdout, describeAgent(agent, io));
    },
  );

  const remove = agents.command("delete").description("Delete an agent").argument("<id>", "agent id");
  onRun(
    jsonFlag(remove, "print the answer as JSON"),
    async (id: string, flags: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).agents.delete(id));
      return flags.json ? writeJson(io, answer) : writeLine(io.stdout, `Deleted agent ${id}.`);
    },
  );

  const run = agents
    .command("run")
    .description(
      "Talk with an agent, by its name: a conversation on a terminal, or one message (-m, or piped on stdin) and its answer",
    )
    .argument("<name>", "the agent's name (not its id), as created or as `nugen agents list` shows it")
    .option("-m, --message <text>", "send this one message, print the answer and exit (stdin is not read)")
    .option("--session <id>", "the conversation's session id, sent as X-Session-ID with every message (default: none)");
  jsonFlag(run, "one JSON line per answer on stdout, and nothing else").addHelpText(
    "after",
    '\nExamples:\n  $ nugen agents run "Kestrel support"\n  $ nugen agents run "Kestrel support" -m "Who pays for the return shipping of a bike?"\n  $ echo "Where is my frame number?" | nugen agents run kestrel_support --json | jq -r .response',
  );
  onRun(run, async (name: string, flags: { message?: string; session?: string; json?: boolean }, command: Command) => {
    checkHeaderFlag(flags.session, "--session", command);
    const nugen = clientFor(command, io);
    return converse(
      io,
      command,
      {
        greeting: `Talking with agent ${name}${flags.session ? ` (session ${flags.session})` : ""}.`,
        ask: async (message, signal) => {
          const answer = await runAgent(nugen, command, name, message, { signal, sessionId: flags.session });
          const tokens = answer.usage?.total_tokens;
          const footer = [answer.model, typeof tokens === "number" ? `${tokens} tokens` : undefined]
            .filter(Boolean)
            .join(" · ");
          return { text: answer.response, footer: footer ? `[${footer}]` : undefined, whole: answer };
        },
      },
      flags,
    );
  });

  const usage = agents.command("usage").description("Show the usage of all your agents: runs, tokens, per model");
  onRun(
    jsonFlag(usage, "print the usage as JSON (snake_case)"),
    async (flags: { json?: boolean }, command: Command) => {
      const answer = await callApi(command, {}, () => clientFor(command, io).agents.usage());
      if (flags.json) return writeJson(io, answer);
      const colors = colorsFor(io.stdout, io.env);
      const fields = renderFields(
        [
          ["runs", answer.total_usage ?? 0],
          ["tokens", answer.total_tokens ?? 0],
          ["per run", answer.average_tokens_per_request ?? 0],
          ["most used", answer.most_used_model],
        ],
        colors,
      );
      const byModel = Object.entries(answer.usage_by_model ?? {});
      if (byModel.length === 0) return writeLine(io.stdout, fields);
      const columns: Column<(typeof byModel)[number]>[] = [
        { header: "MODEL", value: ([model]) => model, keep: true },
        { header: "RUNS", value: ([, use]) => String(use.requests ?? 0) },
        { header: "TOKENS", value: ([, use]) => String(use.tokens ?? 0) },
      ];
      return writeLine(io.stdout, `${fields}\n\n${renderTable(byModel, columns, colors, widthOf(io.stdout))}`);
    },
  );

  const models = agents.command("models").description("List the models an agent can run on");
  onRun(jsonFlag(models, "print the list as JSON"), async (flags: { json?: boolean }, command: Command) => {
    const rows = await callApi(command, {}, () => clientFor(command, io).agents.availableModels());
    if (flags.json) return writeJson(io, rows);
    const columns: Column<AgentModel>[] = [
      { header: "ID", value: (model) => model.id, keep: true },
      { header: "NAME", value: (model) => model.name ?? "-" },
      { header: "TYPE", value: (model) => model.type ?? "-" },
      { header: "BASE MODEL", value: (model) => model.base_model ?? "-" },
    ];
    return writeLine(io.stdout, renderTable(rows, columns, colorsFor(io.stdout, io.env), widthOf(io.stdout)));
  });
}

/** One run, its failure carrying what to do (deploy the model, use the name). */
async function runAgent(
  nugen: Nugen,
  command: Command,
  name: string,
  message: string,
  options: { signal: AbortSignal; sessionId?: string },
) {
  try {
    return await callApi(command, { flags: { agent_name: "NAME", message: "-m" } }, () =>
      nugen.agents.run(name, { message }, options),
    );
  } catch (error) {
    const notFound =
      error instanceof Error && /\bnot found\b/i.test(error.message) && !/\bmodel\b/i.test(error.message);
    throw withHint(
      error,
      notFound
        ? "Runs take the agent's name, not its id: `nugen agents list` shows the names."
        : inferenceHint(error, name),
    );
  }
}

function isActive(agent: Agent): boolean {
  return String(agent.status ?? "").toUpperCase() === "ACTIVE";
}

function describeAgent(agent: Agent, io: IO): string {
  const colors = colorsFor(io.stdout, io.env);
  const demonstrations = (agent.demonstrations ?? []).map((shown) =>
    "user_input" in shown ? `${shown.user_input} → ${shown.model_output}` : `${shown.input} → ${shown.output}`,
  );
  return renderFields(
    [
      ["agent", agent.id],
      ["name", agent.name],
      ["status", agent.status ? (isActive(agent) ? colors.green(agent.status) : colors.dim(agent.status)) : undefined],
      ["model", agent.base_model_name ? `${agent.base_model} (${agent.base_model_name})` : agent.base_model],
      ["description", agent.description],
      ["instructions", agent.system_prompt],
      ["temperature", agent.temperature],
      ["max tokens", agent.max_tokens],
      ["examples", demonstrations.length > 0 ? demonstrations.join("; ") : undefined],
      ["runs", agent.usage_count],
      ["last used", agent.last_used ? formatDate(agent.last_used) : undefined],
      ["endpoint", agent.endpoint],
      ["created", agent.created_date ? formatDate(agent.created_date) : undefined],
    ],
    colors,
  );
}

/** A name as typed in a shell: quoted when it holds anything but plain characters. */
function shellQuoted(text: string): string {
  return /^[\w.-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
