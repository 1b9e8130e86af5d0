/**
 * The default poll schedule against the sandbox on a fake clock: few requests for a long
 * job, and the end noticed soon after it happens.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { Nugen, toFile } from "../src/index.js";
import { createSandbox } from "../src/sandbox/index.js";
import { settleOnFakeClock } from "./helpers/clock.js";

afterEach(() => vi.useRealTimers());

describe("waitUntilDone's default schedule", () => {
  it.each([10, 60, 600])(
    "a %i s job: about one request per 5%% of its length, the end seen within 10%%",
    async (jobSeconds) => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
      let statusReads = 0;
      const sandbox = await createSandbox({
        log: (line) => void (line.includes("/status/") && statusReads++),
        now: () => Date.now(),
        jobSeconds,
      });
      try {
        const nugen = new Nugen({ apiKey: "k", baseUrl: sandbox.url });
        const [document] = await settleOnFakeClock(
          nugen.documents.uploadAndWait(await toFile("Returns are accepted within 30 days.", "policy.md")),
          250,
        );
        const created = await nugen.alignmentProjects.create({
          name: "Schedule",
          base_model: "nugen-flash-instruct",
          document_ids: [document!.document_id],
        });
        const createdAt = Date.now();
        const done = await settleOnFakeClock(nugen.alignmentProjects.waitUntilDone(created.id), 250);
        const noticedAfter = Date.now() - createdAt - jobSeconds * 1000;
        expect(done.status).toBe("READY");
        expect(statusReads).toBeLessThanOrEqual(21);
        expect(noticedAfter).toBeGreaterThanOrEqual(0);
        expect(noticedAfter).toBeLessThanOrEqual(jobSeconds * 100);
      } finally {
        await sandbox.close();
      }
    },
  );
});

describe("the poll schedule's inputs", () => {
  it("aims at the server's estimate of the time left when it gives one", async () => {
    const { nextPollDelay } = await import("../src/core/poll.js");
    const startedAt = 0;
    expect(nextPollDelay([{ at: 2_000, progress: undefined, leftMs: 30_000 }], startedAt)).toBeCloseTo(30_600);
    // Without an estimate, a tenth of the time waited (at least a second).
    expect(nextPollDelay([{ at: 2_000, progress: undefined }], startedAt)).toBe(1_000);
    expect(nextPollDelay([{ at: 300_000, progress: undefined }], startedAt)).toBe(30_000);
    // Never more than a minute, whatever the estimate.
    expect(nextPollDelay([{ at: 2_000, progress: undefined, leftMs: 3_600_000 }], startedAt)).toBe(60_000);
  });
});
