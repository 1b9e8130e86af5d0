/**
 * Per-request cost on loopback of raw fetch, bare openapi-fetch and the SDK, against a
 * server in another process (so it does not share the client's event loop).
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { Nugen } from "../../src/index.js";
import { type Budget, interleaved, median, round } from "./stats.js";

const KEY = "bench-key";
const createBody = { name: "Bench", base_model: "nugen-flash-instruct", document_ids: ["doc-1"] };

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(new URL("./overhead-server.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve) => child.once("message", (message) => resolve(Number(message))));
  return { url: `http://127.0.0.1:${port}`, child };
}

export async function measureOverhead(quick: boolean) {
  const { url, child } = await startServer();
  try {
    const headers = { Authorization: `Bearer ${KEY}` };
    const bare = createClient<paths>({ baseUrl: url, headers });
    // Pinned to the server's generation: detection is a once-per-client cost, measured apart below.
    const nugen = new Nugen({ apiKey: KEY, baseUrl: url, apiGeneration: "2026-07" });
    // The SDK bounds every attempt with a deadline; so does this raw fetch, for a fair comparison.
    const deadline = () => AbortSignal.timeout(60_000);
    const list = {
      "raw fetch": () => fetch(`${url}/api/v3/models/aligned`, { headers }).then((r) => r.json()),
      "raw fetch + timeout": () =>
        fetch(`${url}/api/v3/models/aligned`, { headers, signal: deadline() }).then((r) => r.json()),
      "openapi-fetch": () => bare.GET("/api/v3/models/aligned"),
      "nugen SDK": () => nugen.models.listAligned(),
    };
    const create = {
      "raw fetch": () =>
        fetch(`${url}/api/v3/alignment-project/create`, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/json" },
          body: JSON.stringify(createBody),
        }).then((r) => r.json()),
      "raw fetch + timeout": () =>
        fetch(`${url}/api/v3/alignment-project/create`, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/json" },
          body: JSON.stringify(createBody),
          signal: deadline(),
        }).then((r) => r.json()),
      "openapi-fetch": () => bare.POST("/api/v3/alignment-project/create", { body: createBody }),
      "nugen SDK": () => nugen.alignmentProjects.create(createBody),
    };
    const plan = quick ? { rounds: 8, perRound: 100 } : { rounds: 30, perRound: 200 };
    await interleaved(list, { rounds: 3, perRound: 200 }); // warm-up: JIT, sockets
    await interleaved(create, { rounds: 3, perRound: 200 });
    const figures = async (contestants: typeof list | typeof create) => {
      const samples = await interleaved(contestants, plan);
      const med = Object.fromEntries(
        Object.entries(samples).map(([name, values]) => [name, median(values as number[])]),
      ) as Record<keyof typeof list, number>;
      return {
        microsecondsPerRequest: Object.fromEntries(Object.entries(med).map(([k, v]) => [k, round(v, 1)])),
        sdkOverOpenapiFetch: round(med["nugen SDK"] / med["openapi-fetch"]),
        sdkOverRawFetch: round(med["nugen SDK"] / med["raw fetch"]),
        sdkOverRawFetchWithTimeout: round(med["nugen SDK"] / med["raw fetch + timeout"]),
        openapiFetchOverRawFetch: round(med["openapi-fetch"] / med["raw fetch"]),
      };
    };
    const get = await figures(list);
    const post = await figures(create);

    // 100 requests in flight at once: throughput of the SDK against raw fetch.
    const burst = async (one: () => Promise<unknown>, total: number) => {
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          while (next++ < total) await one();
        }),
      );
      return total / ((performance.now() - started) / 1000);
    };
    const throughput = { raw: [] as number[], sdk: [] as number[] };
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      throughput.raw.push(await burst(list["raw fetch"], 2000));
      throughput.sdk.push(await burst(list["nugen SDK"], 2000));
    }
    const concurrency = {
      rawRequestsPerSecond: Math.round(median(throughput.raw)),
      sdkRequestsPerSecond: Math.round(median(throughput.sdk)),
      ratio: round(median(throughput.sdk) / median(throughput.raw)),
    };

    // Detection on a fresh client: how many requests it costs, and that the next call costs none.
    const detecting = new Nugen({ apiKey: KEY, baseUrl: url });
    const countBefore = await requestCount(url);
    await detecting.alignmentProjects.status("p-1").catch(() => undefined);
    const firstCall = (await requestCount(url)) - countBefore - 1;
    await detecting.alignmentProjects.status("p-1").catch(() => undefined);
    const secondCall = (await requestCount(url)) - countBefore - firstCall - 2;
    const detection = { requestsBeforeFirstCall: firstCall, requestsBeforeSecondCall: secondCall };

    const budgets: Budget[] = [
      { name: "GET list: SDK / openapi-fetch", figure: get.sdkOverOpenapiFetch, unit: "×", limit: 1.1, kind: "max" },
      {
        name: "GET list: SDK / raw fetch + timeout",
        figure: get.sdkOverRawFetchWithTimeout,
        unit: "×",
        limit: 1.1,
        kind: "max",
      },
      {
        name: "POST create: SDK / openapi-fetch",
        figure: post.sdkOverOpenapiFetch,
        unit: "×",
        limit: 1.1,
        kind: "max",
      },
      {
        name: "POST create: SDK / raw fetch + timeout",
        figure: post.sdkOverRawFetchWithTimeout,
        unit: "×",
        limit: 1.1,
        kind: "max",
      },
      {
        name: "generation detection: requests per client",
        figure: detection.requestsBeforeFirstCall,
        unit: "",
        limit: 2,
        kind: "max",
      },
      {
        name: "generation detection: requests per later call",
        figure: detection.requestsBeforeSecondCall,
        unit: "",
        limit: 0,
        kind: "max",
      },
      { name: "100 in flight: SDK / raw throughput", figure: concurrency.ratio, unit: "×", limit: 0.9, kind: "min" },
    ];
    return { results: { get, post, concurrency, detection, plan }, budgets };
  } finally {
    child.kill();
  }
}

/** How many requests the bench server has answered (it counts them). */
async function requestCount(url: string): Promise<number> {
  const answer = await fetch(`${url}/__count`);
  return Number(await answer.text());
}
