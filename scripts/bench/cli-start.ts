/**
 * Start-up cost of the CLI: `nugen models list --json` against the sandbox, beside the
 * physical floor of any Node 20 program that calls the API: a bare script that starts, makes
 * one fetch and exits (fetch's first use and teardown cost far more than `node -e 0`, so no
 * CLI that talks HTTP can come near that). `node -e 0` is kept as a reference.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { createSandbox } from "../../src/sandbox/index.js";
import { type Budget, median, round } from "./stats.js";

const exec = promisify(execFile);

async function timed(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  await exec(process.execPath, args, { env });
  return performance.now() - started;
}

/** `built`: the directory the package was built into (its dist/cli.js is run). */
export async function measureCliStart(built: string, quick: boolean) {
  const sandbox = await createSandbox({ log: false });
  try {
    const env = { ...process.env, NUGEN_API_KEY: "bench", NUGEN_BASE_URL: sandbox.url };
    const cli = [join(built, "dist/cli.js"), "models", "list", "--json"];
    // The floor for any Node 20 program that calls the API: start, one fetch, exit.
    const oneFetch = [
      "--input-type=module",
      "-e",
      `await fetch(process.env.NUGEN_BASE_URL + "/api/v3/models/aligned", { headers: { authorization: "Bearer bench" } }).then((r) => r.json());`,
    ];
    const samples = { node: [] as number[], cli: [] as number[], oneFetch: [] as number[] };
    await timed(cli, env); // warm the file cache
    for (let i = 0; i < (quick ? 8 : 25); i++) {
      samples.node.push(await timed(["-e", "0"], env));
      samples.cli.push(await timed(cli, env));
      samples.oneFetch.push(await timed(oneFetch, env));
    }
    const results = {
      nodeMs: round(median(samples.node), 1),
      cliMs: round(median(samples.cli), 1),
      oneFetchScriptMs: round(median(samples.oneFetch), 1),
      ratio: round(median(samples.cli) / median(samples.node), 2),
      ratioToOneFetchScript: round(median(samples.cli) / median(samples.oneFetch), 2),
    };
    const budgets: Budget[] = [
      {
        name: "CLI `models list --json` / bare one-fetch script",
        figure: results.ratioToOneFetchScript,
        unit: "×",
        limit: 1.25,
        kind: "max",
        detail: `${results.cliMs} vs ${results.oneFetchScriptMs} ms; \`node -e 0\` ${results.nodeMs} ms`,
      },
    ];
    return { results, budgets };
  } finally {
    await sandbox.close();
  }
}
