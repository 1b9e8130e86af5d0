/**
 * `nugen doctor`: what the CLI would talk to and whether it can, in one look. The base URL
 * and where it came from; whether the server answers and how fast (one timed GET of its
 * public OpenAPI description, which needs no key); whether the key is accepted; which API
 * generation the client speaks and how it found out; the SDK's version. Exits as any
 * command would on the first problem: 1 unreachable, 3 no key or a refused key.
 */
import type { Command } from "commander";
import { APIConnectionError, APIError, AuthenticationError, type Nugen, PermissionDeniedError } from "../../index.js";
import { VERSION } from "../../version.js";
import { onRun } from "../action.js";
import { apiGenerationOf, clientFor, globalOptions, type SettingSource } from "../client.js";
import { jsonFlag } from "../common-flags.js";
import { EXIT } from "../exit-codes.js";
import { renderFields } from "../format.js";
import { type Colors, colorsFor, type IO, writeJson, writeLine } from "../io.js";
import { errorJson, exitCodeFor, reportError } from "../report-error.js";

/** The request that tells whether the server answers: public, so that a bad key cannot hide a good connection. */
const REACHABILITY_PATH = "/openapi-public.json";

/** One check: passed (with what it found), failed (with why), or not made because an earlier one failed. */
type Check<Found> = { ok: true; found: Found } | { ok: false; error: unknown } | { ok: null; skipped: string };

interface Report {
  baseUrl: { url: string; from: string };
  reachable: Check<{ ms: number; status: number | null }>;
  key: Check<{ alignedModels: number }>;
  generation: Check<{ generation: string; source: string; pinnedBy?: string }>;
}

const SOURCE_FLAGS: Record<SettingSource, string> = {
  flag: "--base-url",
  env: "NUGEN_BASE_URL",
  default: "the default",
};

export function registerDoctor(program: Command, io: IO): void {
  const doctor = program
    .command("doctor")
    .description(
      "Check the connection: base URL, whether the server answers and how fast, the key, the API generation, the SDK version",
    )
    .addHelpText("after", "\nExamples:\n  $ nugen doctor\n  $ nugen doctor --api-generation 2026-07 --json");
  onRun(jsonFlag(doctor, "print the checks as JSON"), async (options: { json?: boolean }, command: Command) => {
    // A diagnosis reports what it saw: no retries unless asked for, so that the time is one request's.
    const nugen = clientFor(command, io, { maxRetries: 0 });
    const report = await diagnose(nugen, command, io);
    const failure = [report.reachable, report.key, report.generation].find(
      (check): check is { ok: false; error: unknown } => check.ok === false,
    );
    if (options.json) writeJson(io, reportJson(report, failure === undefined ? EXIT.ok : exitCodeFor(failure.error)));
    else writeLine(io.stdout, describeReport(report, colorsFor(io.stdout, io.env)));
    return failure === undefined
      ? EXIT.ok
      : reportError(failure.error, io, { verbose: Boolean(globalOptions(command).verbose) });
  });
}

async function diagnose(nugen: Nugen, command: Command, io: IO): Promise<Report> {
  const baseUrlFrom: SettingSource =
    globalOptions(command).baseUrl !== undefined ? "flag" : io.env.NUGEN_BASE_URL !== undefined ? "env" : "default";
  const report: Report = {
    baseUrl: { url: nugen.baseUrl, from: SOURCE_FLAGS[baseUrlFrom] },
    reachable: await reachability(nugen),
    key: { ok: null, skipped: "the server did not answer" },
    generation: { ok: null, skipped: "the server did not answer" },
  };
  if (report.reachable.ok !== true) return report;
  report.key = await attempt(async () => ({ alignedModels: (await nugen.models.listAligned()).length }));
  const pinned = apiGenerationOf(command, io);
  report.generation = await attempt(async () => {
    const { generation, source } = await nugen.apiGeneration();
    return {
      generation,
      source,
      ...(source === "pinned"
        ? { pinnedBy: pinned.source === "flag" ? "--api-generation" : "NUGEN_API_GENERATION" }
        : {}),
    };
  });
  return report;
}

async function reachability(nugen: Nugen): Promise<Report["reachable"]> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const { response } = await nugen.api.GET(REACHABILITY_PATH);
    return { ok: true, found: { ms: elapsed(), status: response.status } };
  } catch (error) {
    // Any answer, a 404 included, is the server answering.
    if (error instanceof APIConnectionError) return { ok: false, error };
    return { ok: true, found: { ms: elapsed(), status: error instanceof APIError ? error.status : null } };
  }
}

async function attempt<Found>(check: () => Promise<Found>): Promise<Check<Found>> {
  try {
    return { ok: true, found: await check() };
  } catch (error) {
    return { ok: false, error };
  }
}

const GENERATION_SOURCES: Record<string, string> = {
  openapi: `found in the server's ${REACHABILITY_PATH}`,
  probe: `found by probing the server (it publishes no readable ${REACHABILITY_PATH})`,
};

function describeReport(report: Report, colors: Colors): string {
  const failed = (check: { ok: false; error: unknown }) =>
    colors.red(`no: ${check.error instanceof Error ? check.error.message : String(check.error)}`);
  const line = <Found>(check: Check<Found>, ok: (found: Found) => string, refused = failed) =>
    check.ok === true
      ? ok(check.found)
      : check.ok === false
        ? refused(check)
        : colors.dim(`not checked (${check.skipped})`);
  const keyRefused = (check: { ok: false; error: unknown }) =>
    check.error instanceof AuthenticationError || check.error instanceof PermissionDeniedError
      ? colors.red(`refused (${(check.error as APIError).status})`)
      : failed(check);
  return renderFields(
    [
      ["base URL", `${report.baseUrl.url} (${report.baseUrl.from})`],
      [
        "reachable",
        line(
          report.reachable,
          ({ ms, status }) =>
            `${colors.green(`yes, in ${ms} ms`)} (GET ${REACHABILITY_PATH} answered ${status ?? "without a status"})`,
        ),
      ],
      [
        "API key",
        line(
          report.key,
          ({ alignedModels }) =>
            `${colors.green("accepted")} (${alignedModels} aligned model${alignedModels === 1 ? "" : "s"})`,
          keyRefused,
        ),
      ],
      [
        "generation",
        line(
          report.generation,
          ({ generation, source, pinnedBy }) =>
            `${colors.green(generation)}, ${pinnedBy ? `pinned by ${pinnedBy}` : (GENERATION_SOURCES[source] ?? source)}`,
        ),
      ],
      ["SDK", `nugen ${VERSION} on Node ${process.version}`],
    ],
    colors,
  );
}

function reportJson(report: Report, exitCode: number): Record<string, unknown> {
  const json = <Found>(check: Check<Found>, found: (value: Found) => Record<string, unknown>) =>
    check.ok === true
      ? { ok: true, ...found(check.found) }
      : check.ok === false
        ? { ok: false, error: errorJson(check.error) }
        : { ok: null, skipped: check.skipped };
  return {
    base_url: report.baseUrl.url,
    base_url_from: report.baseUrl.from,
    reachable: json(report.reachable, ({ ms, status }) => ({ ms, request: `GET ${REACHABILITY_PATH}`, status })),
    key: json(report.key, ({ alignedModels }) => ({ aligned_models: alignedModels })),
    generation: json(report.generation, ({ generation, source, pinnedBy }) => ({
      generation,
      source,
      ...(pinnedBy ? { pinned_by: pinnedBy } : {}),
    })),
    sdk: { version: VERSION, node: process.version },
    exit_code: exitCode,
  };
}
