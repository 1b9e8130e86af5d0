/**
 * How many status requests waitUntilDone makes for sandbox jobs of 10 s, 60 s and 10 min,
 * and how soon after the end it notices, on a fake clock (the minutes pass in milliseconds).
 */
import FakeTimers from "@sinonjs/fake-timers";
import { Nugen } from "../../src/index.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { type Budget, round } from "./stats.js";

async function followJob(jobSeconds: number) {
  const clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "Date"], now: Date.parse("2026-11-24T12:00:00Z") });
  let statusReads = 0;
  const sandbox = await createSandbox({ log: (line) => void (line.includes("/status/") && statusReads++), now: () => Date.now(), jobSeconds });
  try {
    const nugen = new Nugen({ apiKey: "bench", baseUrl: sandbox.url });
    const { id } = await nugen.alignmentProjects.create({ name: "Wait bench", base_model: "m", document_ids: ["d"] });
    const createdAt = Date.now();
    let settled = false;
    const waiting = nugen.alignmentProjects.waitUntilDone(id).finally(() => {
      settled = true;
    });
    // Real I/O gets a turn between each step of fake time.
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      await clock.tickAsync(100);
    }
    const done = await waiting;
    const noticedAfterMs = Date.now() - createdAt - jobSeconds * 1000;
    return { jobSeconds, status: done.status, requests: statusReads, noticedAfterSeconds: round(noticedAfterMs / 1000, 1), noticedAfterShare: round(noticedAfterMs / (jobSeconds * 1000)) };
  } finally {
    clock.uninstall();
    await sandbox.close();
  }
}

export async function measureWaiting() {
  const jobs = [];
  for (const seconds of [10, 60, 600]) jobs.push(await followJob(seconds));
  const budgets: Budget[] = jobs.flatMap((job) => [
    { name: `wait, ${job.jobSeconds} s job: status requests`, figure: job.requests, unit: "", limit: 20, kind: "max" as const, detail: "≈ 1 per 5% of the job" },
    { name: `wait, ${job.jobSeconds} s job: end noticed after`, figure: job.noticedAfterShare * 100, unit: "% of job", limit: 10, kind: "max" as const, detail: `${job.noticedAfterSeconds} s` },
  ]);
  return { results: { jobs }, budgets };
}
