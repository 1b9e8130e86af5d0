import { Command, CommanderError, Option } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { exitCodeOf } from "./action.js";
import { API_GENERATION_CHOICES, globalOptions } from "./client.js";
import { registerAgents } from "./commands/agents.js";
import { registerBenchmarks } from "./commands/benchmarks.js";
import { registerChat } from "./commands/chat.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerDocuments } from "./commands/documents.js";
import { registerEngines } from "./commands/engines.js";
import { registerEvaluations } from "./commands/evaluations.js";
import { registerInference } from "./commands/inference.js";
import { registerKeys } from "./commands/keys.js";
import { registerModels } from "./commands/models.js";
import { registerProjects } from "./commands/projects.js";
import { registerSandbox } from "./commands/sandbox.js";
import { EXIT } from "./exit-codes.js";
import { type IO, stdoutClosed, writeJson } from "./io.js";
import { parseCount, parseDuration } from "./parse-flags.js";
import { errorJson, reportError } from "./report-error.js";

/** The connection flags, on every command that calls the API (before or after its arguments). */
function globalFlags(withRequestTimeout: boolean): Option[] {
  return [
    new Option("--base-url <url>", "API base URL (default: NUGEN_BASE_URL, else https://api.nugen.in)"),
    new Option(
      "--api-key <key>",
      "API key; prefer the NUGEN_API_KEY environment variable, as a flag shows in the process list and shell history",
    ),
    ...(withRequestTimeout
      ? [
          new Option("--timeout <duration>", "time limit of each request, e.g. 30s (default 60s)").argParser(
            parseDuration,
          ),
        ]
      : []),
    new Option("--max-retries <n>", "retries of a failed request, when safe (default 2)").argParser(parseCount),
    new Option("--api-generation <g>", "API generation to speak (default: NUGEN_API_GENERATION, else auto)").choices(
      API_GENERATION_CHOICES,
    ),
    new Option("--verbose", "log each request to stderr (the key is redacted) and show stacks on errors"),
  ];
}

const GLOBAL_HELP = `
Options of every command that calls the API:
  --base-url <url>       API base URL (default: NUGEN_BASE_URL, else https://api.nugen.in)
  --api-key <key>        API key; prefer the NUGEN_API_KEY environment variable, as a
                         flag shows in the process list and shell history
  --timeout <duration>   time limit of each request, e.g. 30s (default 60s); on
                         \`projects wait\` it is how long to wait instead
  --max-retries <n>      retries of a failed request, when safe (default 2)
  --api-generation <g>   auto, 2026-07 or 2026-09: the API generation to speak
                         (default: NUGEN_API_GENERATION, else auto: asked of
                         the server once; \`nugen doctor\` shows which)
  --verbose              log each request to stderr (key redacted), stacks on errors
  --json                 stdout holds one JSON document, whatever happens

Exit codes: 0 ok, 1 API or network error, 2 usage error, 3 authentication,
4 the job failed, 5 the wait timed out (the job goes on), 130 interrupted.`;

export function buildProgram(io: IO): Command {
  const program = new Command("nugen")
    .description(
      "The Nugen Intelligence API from a terminal: documents, benchmarks, alignment projects, models, evaluations, inference, agents, answer engines and API keys.",
    )
    .version(packageJson.version, "-v, --version")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .addHelpText(
      "after",
      `${GLOBAL_HELP}\n\nExamples:\n  $ export NUGEN_API_KEY=...\n  $ nugen documents upload handbook.md --wait\n  $ nugen projects create --name Support --base-model nugen-flash-instruct --document doc-1 --wait\n  $ nugen models deploy support-bot-model --wait\n  $ nugen chat support-bot-model\n  $ nugen sandbox --port 4010\n  $ nugen doctor`,
    );
  // The connection flags also work before the command (`nugen --verbose models list`); not
  // --timeout, which `projects wait` takes as its own.
  for (const option of globalFlags(false)) program.addOption(option.hideHelp());
  registerDocuments(program, io);
  registerBenchmarks(program, io);
  registerProjects(program, io);
  registerModels(program, io);
  registerEvaluations(program, io);
  registerChat(program, io);
  registerInference(program, io);
  registerAgents(program, io);
  registerEngines(program, io);
  registerKeys(program, io);
  registerSandbox(program, io);
  registerDoctor(program, io);
  for (const command of allCommands(program)) {
    // Every subcommand reports usage errors the same way, with its own usage.
    command.exitOverride().showHelpAfterError();
    const isLeaf = command.commands.length === 0;
    if (isLeaf && command.name() !== "sandbox") {
      // `projects wait --timeout` is the wait's deadline, so it has no per-request one.
      const waits = command.name() === "wait";
      for (const option of globalFlags(!waits)) command.addOption(option);
    }
  }
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((child) => [child, ...allCommands(child)]);
}

/** Runs the CLI and resolves to its exit code; never throws. */
export async function main(argv: string[], io: IO): Promise<number> {
  const program = buildProgram(io);
  // The command whose action ran: its flags say --json and --verbose.
  let ran = program;
  program.hook("preAction", (_program, actionCommand) => {
    ran = actionCommand;
  });
  // A closed stdout (`nugen … | head -1`) ends the command quietly, whatever it was doing,
  // as Unix tools end; the sandbox serves on, its log dropped.
  const outputGone = stdoutClosed(io).then(() => (ran.name() === "sandbox" ? new Promise<never>(() => {}) : EXIT.ok));
  try {
    return await Promise.race([program.parseAsync(argv).then(() => exitCodeOf(program)), outputGone]);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok;
      // Commander has said it on stderr; a script asking for JSON gets it all the same.
      if (argv.includes("--json")) writeJson(io, { error: errorJson(error) });
      return reportError(error, io, { verbose: false });
    }
    // With --json, stdout holds JSON whatever happens: a script still learns what went wrong.
    if (ran.opts().json) writeJson(io, { error: errorJson(error) });
    return reportError(error, io, { verbose: Boolean(globalOptions(ran).verbose) });
  }
}
