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
  const child = fork(fileURLToPath(new URL("./overhead-server.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve) => child.once("message", (message) => resolve(Number(message))));
  return { url: `http://127.0.0.1:${port}`, child };
}

export async function measureOverhead(quick: boolean) {
  const { url, child } = await startServer();
  try {
    const headers = { Authorization: `Bearer ${KEY}` };
    const bare = createClient<paths>({ baseUrl: url, headers });
    const nugen = new Nugen({ apiKey: KEY, baseUrl: url });
    const list = {
      "raw fetch": () => fetch(`${url}/api/v3/models/aligned`, { headers }).then((r) => r.json()),
      "openapi-fetch": () => bare.GET("/api/v3/models/aligned"),
      "nugen SDK": () => nugen.models.listAligned(),
    };
    const create = {
      "raw fetch": () =>
        fetch(`${url}/api/v3/alignment-project/create`, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(createBody) }).then((r) => r.json()),
      "openapi-fetch": () => bare.POST("/api/v3/alignment-project/create", { body: createBody }),
      "nugen SDK": () => nugen.alignmentProjects.create(createBody),
    };
    const plan = quick ? { rounds: 8, perRound: 100 } : { rounds: 30, perRound: 200 };
    await interleaved(list, { rounds: 3, perRound: 200 }); // warm-up: JIT, sockets
    await interleaved(create, { rounds: 3, perRound: 200 });
    const figures = async (contestants: typeof list | typeof create) => {
      const samples = await interleaved(contestants, plan);
      const med = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values as number[])])) as Record<keyof typeof list, number>;
      return {
        microsecondsPerRequest: Object.fromEntries(Object.entries(med).map(([k, v]) => [k, round(v, 1)])),
        sdkOverOpenapiFetch: round(med["nugen SDK"] / med["openapi-fetch"]),
        sdkOverRawFetch: round(med["nugen SDK"] / med["raw fetch"]),
        openapiFetchOverRawFetch: round(med["openapi-fetch"] / med["raw fetch"]),
      };
    };
    const get = await figures(list);
    const post = await figures(create);

    // 100 requests in flight at once: throughput of the SDK against raw fetch.
    const burst = async (one: () => Promise<unknown>, total: number) => {
      const started = performance.now();
      let next = 0;
      await Promise.all(Array.from({ length: 100 }, async () => {
        while (next++ < total) await one();
      }));
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

    const budgets: Budget[] = [
      { name: "GET list: SDK / openapi-fetch", figure: get.sdkOverOpenapiFetch, unit: "×", limit: 1.03, kind: "max" },
      { name: "GET list: SDK / raw fetch", figure: get.sdkOverRawFetch, unit: "×", limit: 1.15, kind: "max" },
      { name: "POST create: SDK / openapi-fetch", figure: post.sdkOverOpenapiFetch, unit: "×", limit: 1.03, kind: "max" },
      { name: "POST create: SDK / raw fetch", figure: post.sdkOverRawFetch, unit: "×", limit: 1.15, kind: "max" },
      { name: "100 in flight: SDK / raw throughput", figure: concurrency.ratio, unit: "×", limit: 0.9, kind: "min" },
    ];
    return { results: { get, post, concurrency, plan }, budgets };
  } finally {
    child.kill();
  }
}
