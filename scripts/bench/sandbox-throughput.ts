/**
 * Requests per second of the sandbox for list and create, beside Prism's mock server on
 * the same openapi.yaml. Each server runs in its own process; autocannon drives it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import autocannon from "autocannon";
import { type Budget, round } from "./stats.js";

interface Running {
  url: string;
  child: ChildProcess;
}

function startProcess(command: string, args: string[], ready: RegExp, cwd: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = ready.exec(seen.replace(/\x1b\[[0-9;]*m/g, ""));
      if (match?.[1]) resolve({ url: match[1], child });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${seen.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`${command} was not ready in 60 s:\n${seen.slice(-2000)}`)), 60_000).unref();
  });
}

async function requestsPerSecond(url: string, method: "GET" | "POST", durationSeconds: number): Promise<number> {
  const isCreate = method === "POST";
  const result = await autocannon({
    url: `${url}${isCreate ? "/api/v3/alignment-project/create" : "/api/v3/models/aligned"}`,
    method,
    connections: 10,
    duration: durationSeconds,
    headers: { authorization: "Bearer bench-key", "content-type": "application/json" },
    body: isCreate ? JSON.stringify({ name: "Bench", base_model: "nugen-flash-instruct", document_ids: ["doc-1"] }) : undefined,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url} ${method}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

export async function measureSandbox(root: string, quick: boolean) {
  const seconds = quick ? 3 : 8;
  const sandbox = await startProcess(process.execPath, [join(root, "dist/cli.js"), "sandbox", "--port", "0", "--job-seconds", "3600"], /listening on (http:\/\/[\d.:]+)/, root);
  // Quiet the sandbox's per-request log: a pipe nobody reads would fill up.
  sandbox.child.stdout?.resume();
  const prism = await startProcess(join(root, "node_modules/.bin/prism"), ["mock", "openapi.yaml", "--port", "0", "--host", "127.0.0.1", "--errors", "false"], /Prism is listening on (http:\/\/[\d.:]+)/, root).catch(
    async () => startProcess(join(root, "node_modules/.bin/prism"), ["mock", "openapi.yaml", "--port", "4099", "--host", "127.0.0.1"], /Prism is listening on (http:\/\/[\d.:]+)/, root),
  );
  prism.child.stdout?.resume();
  prism.child.stderr?.resume();
  try {
    const figures = {
      sandboxList: await requestsPerSecond(sandbox.url, "GET", seconds),
      prismList: await requestsPerSecond(prism.url, "GET", seconds),
      sandboxCreate: await requestsPerSecond(sandbox.url, "POST", seconds),
      prismCreate: await requestsPerSecond(prism.url, "POST", seconds),
    };
    const results = {
      requestsPerSecond: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v)])),
      listRatio: round(figures.sandboxList / figures.prismList, 1),
      createRatio: round(figures.sandboxCreate / figures.prismCreate, 1),
    };
    const budgets: Budget[] = [
      { name: "sandbox list / Prism mock", figure: results.listRatio, unit: "×", limit: 10, kind: "min", detail: `${Math.round(figures.sandboxList)} vs ${Math.round(figures.prismList)} req/s` },
      { name: "sandbox create / Prism mock", figure: results.createRatio, unit: "×", limit: 10, kind: "min", detail: `${Math.round(figures.sandboxCreate)} vs ${Math.round(figures.prismCreate)} req/s` },
    ];
    return { results, budgets };
  } finally {
    sandbox.child.kill();
    prism.child.kill();
  }
}
