/**
 * Requests per second of the sandbox for list and create, beside Prism's mock server on
 * the same openapi.yaml. Each server runs in its own process; autocannon drives it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import autocannon from "autocannon";
import { type Budget, round } from "./stats.js";

interface Running {
  url: string;
  child: ChildProcess;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts a server with its output discarded (as a developer's terminal would show it, with
 * nobody here paying to read it), then waits until it answers.
 */
async function startServer(command: string, args: (port: number) => string[], cwd: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(command, args(port), { cwd, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 600; tries++) {
    if (child.exitCode !== null) throw new Error(`${command} exited (${child.exitCode}) before it was ready`);
    const answered = await fetch(`${url}/api/v3/models/aligned`, {
      headers: { authorization: "Bearer bench-key" },
    }).then(
      (response) => response.arrayBuffer().then(() => true),
      () => false,
    );
    if (answered) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`${command} was not ready in 60 s`);
}

/**
 * A processed document in the sandbox, for create bodies to name (it refuses unknown
 * document ids, as the live API does): uploaded, then followed until READY.
 */
async function seedDocument(url: string): Promise<string> {
  const headers = { authorization: "Bearer bench-key" };
  const form = new FormData();
  form.append(
    "files",
    new File(["# Bench\n\nClause 1 of the bench agreement requires notice within 3 days.\n"], "bench.md", {
      type: "text/markdown",
    }),
  );
  const uploaded = await fetch(`${url}/api/v3/documents`, { method: "POST", headers, body: form });
  const [uploadId] = ((await uploaded.json()) as { document_ids?: string[] }).document_ids ?? [];
  for (let tries = 0; uploadId && tries < 100; tries++) {
    const status = (await (await fetch(`${url}/api/v3/documents/${uploadId}`, { headers })).json()) as {
      status?: string;
      document_id?: string;
    };
    if (status.status === "READY" && status.document_id) return status.document_id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the sandbox at ${url} did not process a document (upload answered ${uploaded.status})`);
}

async function requestsPerSecond(
  url: string,
  method: "GET" | "POST",
  durationSeconds: number,
  documentId = "doc-1",
): Promise<number> {
  const isCreate = method === "POST";
  const result = await autocannon({
    url: `${url}${isCreate ? "/api/v3/alignment-project/create" : "/api/v3/models/aligned"}`,
    method,
    connections: 10,
    duration: durationSeconds,
    headers: { authorization: "Bearer bench-key", "content-type": "application/json" },
    body: isCreate
      ? JSON.stringify({ name: "Bench", base_model: "nugen-flash-instruct", document_ids: [documentId] })
      : undefined,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url} ${method}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

/** `root`: the repository (openapi.yaml, Prism); `built`: where the package was built (dist/cli.js). */
export async function measureSandbox(root: string, built: string, quick: boolean) {
  const seconds = quick ? 3 : 8;
  const sandbox = await startServer(
    process.execPath,
    (port) => [
      join(built, "dist/cli.js"),
      "sandbox",
      "--port",
      String(port),
      "--job-seconds",
      "3600",
      "--document-seconds",
      "0",
    ],
    root,
  );
  const prism = await startServer(
    join(root, "node_modules/.bin/prism"),
    (port) => ["mock", "openapi.yaml", "--port", String(port), "--host", "127.0.0.1"],
    root,
  );
  try {
    const documentId = await seedDocument(sandbox.url);
    const figures = {
      sandboxList: await requestsPerSecond(sandbox.url, "GET", seconds),
      prismList: await requestsPerSecond(prism.url, "GET", seconds),
      sandboxCreate: await requestsPerSecond(sandbox.url, "POST", seconds, documentId),
      prismCreate: await requestsPerSecond(prism.url, "POST", seconds),
    };
    const results = {
      requestsPerSecond: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v)])),
      listRatio: round(figures.sandboxList / figures.prismList, 1),
      createRatio: round(figures.sandboxCreate / figures.prismCreate, 1),
    };
    const budgets: Budget[] = [
      {
        name: "sandbox list / Prism mock",
        figure: results.listRatio,
        unit: "×",
        limit: 10,
        kind: "min",
        detail: `${Math.round(figures.sandboxList)} vs ${Math.round(figures.prismList)} req/s`,
      },
      {
        name: "sandbox create / Prism mock",
        figure: results.createRatio,
        unit: "×",
        limit: 10,
        kind: "min",
        detail: `${Math.round(figures.sandboxCreate)} vs ${Math.round(figures.prismCreate)} req/s`,
      },
    ];
    return { results, budgets };
  } finally {
    sandbox.child.kill();
    prism.child.kill();
  }
}
