/**
 * A 100 MB upload from disk: `nugen.documents.upload(fs.createReadStream(file))` beside a
 * bare `fetch` of a FormData holding `fs.openAsBlob(file)`, to the same loopback server, in
 * interleaved rounds. Each upload runs in a fresh child process (upload-client.ts), which
 * reports its time and how far its memory rose; the server checks that it received exactly
 * the file (byte count and sha256 of the file part). Two references run in the same rounds
 * without a budget of their own: fetch with `redirect: "error"` (no cloned request) and
 * node:http piping the file, the floor of a streamed upload.
 */
import { fork } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Budget, median, round } from "./stats.js";
import type { UploadSide as Side } from "./upload-client.js";
import { type ReceivedUpload, startUploadServer } from "./upload-server.js";

const SIDES: Side[] = ["sdk", "raw", "rawRedirectError", "nodeHttp"];

interface ClientReport {
  side: Side;
  error?: string;
  ids?: string[];
  seconds: number;
  samples: number;
  growth: { rss: number; heapUsed: number; external: number; arrayBuffers: number };
  baseRss: number;
  maxRss: number;
}

interface Upload extends ClientReport {
  /** The server got one request carrying exactly the file, and the client its answer. */
  intact: boolean;
  problem?: string;
}

const MB = 1_000_000;
const CLIENT = fileURLToPath(new URL("./upload-client.ts", import.meta.url));

/** Writes `bytes` of random data (incompressible, no repeating blocks); returns its sha256. */
function writeRandomFile(path: string, bytes: number): string {
  const hash = createHash("sha256");
  const block = Buffer.alloc(4 * 1024 * 1024);
  const fd = openSync(path, "w");
  try {
    for (let written = 0; written < bytes; ) {
      const chunk = block.subarray(0, Math.min(block.length, bytes - written));
      randomFillSync(chunk);
      hash.update(chunk);
      written += writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

function runClient(side: Side, url: string, file: string): Promise<ClientReport> {
  return new Promise((resolve) => {
    const child = fork(CLIENT, [side, url, file], {
      execArgv: ["--import", "tsx", "--expose-gc"],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    let report: ClientReport | undefined;
    const timer = setTimeout(() => child.kill(), 180_000);
    child.on("message", (message) => {
      report = message as ClientReport;
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(
        report ?? ({ side, error: `client exited (${code}) without a report`, seconds: Number.NaN } as ClientReport),
      );
    });
  });
}

function verdict(report: ClientReport, got: ReceivedUpload[], size: number, sha256: string): Upload {
  const problem =
    report.error ??
    (got.length !== 1
      ? `the server got ${got.length} requests`
      : got[0]?.fileBytes !== size
        ? `the server got ${got[0]?.fileBytes} file bytes (body ${got[0]?.bodyBytes}, well-formed: ${got[0]?.wellFormed}), not ${size}`
        : got[0]?.fileSha256 !== sha256
          ? "the file part's sha256 differs from the file's"
          : got[0]?.field !== "files"
            ? `the part was named ${got[0]?.field}, not files`
            : JSON.stringify(report.ids) !== JSON.stringify(["upl_1"])
              ? `the client read ${JSON.stringify(report.ids)} from the answer`
              : undefined);
  return { ...report, intact: problem === undefined, ...(problem ? { problem } : {}) };
}

export async function measureUpload(quick: boolean) {
  const size = (quick ? 16 : 100) * MB;
  const rounds = quick ? 3 : 7;
  const scratch = mkdtempSync(join(tmpdir(), "nugen-upload-"));
  const { url, received, server } = await startUploadServer();
  try {
    const file = join(scratch, "bench-upload.txt");
    const sha256 = writeRandomFile(file, size);
    const uploads = Object.fromEntries(SIDES.map((side) => [side, [] as Upload[]])) as Record<Side, Upload[]>;
    for (let i = 0; i < rounds; i++) {
      // The order rotates, so no side always runs first or last.
      for (const side of SIDES.map((_, j) => SIDES[(i + j) % SIDES.length] as Side)) {
        received.length = 0;
        uploads[side].push(verdict(await runClient(side, url, file), [...received], size, sha256));
      }
    }

    // A side that ever sent something other than the file gets no figures: its budgets fail.
    const figure = (side: Side, read: (upload: Upload) => number) =>
      uploads[side].every((upload) => upload.intact) ? median(uploads[side].map(read)) : Number.NaN;
    const summary = (side: Side) => ({
      megabytesPerSecond: round(
        figure(side, (u) => size / MB / u.seconds),
        1,
      ),
      seconds: round(
        figure(side, (u) => u.seconds),
        3,
      ),
      peakRssGrowthMB: round(figure(side, (u) => u.growth.rss) / MB, 2),
      peakArrayBuffersGrowthMB: round(figure(side, (u) => u.growth.arrayBuffers) / MB, 2),
      peakExternalGrowthMB: round(figure(side, (u) => u.growth.external) / MB, 2),
      peakHeapUsedGrowthMB: round(figure(side, (u) => u.growth.heapUsed) / MB, 2),
      maxRssMB: round(figure(side, (u) => u.maxRss) / MB, 1),
      baseRssMB: round(figure(side, (u) => u.baseRss) / MB, 1),
      memorySamplesPerUpload: Math.round(figure(side, (u) => u.samples)),
    });
    type Summary = ReturnType<typeof summary>;
    const [sdk, raw, rawRedirectError, nodeHttp] = SIDES.map(summary) as [Summary, Summary, Summary, Summary];
    const ratio = (a: number, b: number) => round(a / b, 2);
    const results = {
      fileMB: size / MB,
      rounds,
      sdk,
      raw,
      rawRedirectError,
      nodeHttp,
      throughputRatio: ratio(sdk.megabytesPerSecond, raw.megabytesPerSecond),
      rssGrowthRatio: ratio(sdk.peakRssGrowthMB, raw.peakRssGrowthMB),
      arrayBuffersGrowthRatio: ratio(sdk.peakArrayBuffersGrowthMB, raw.peakArrayBuffersGrowthMB),
      maxRssRatio: ratio(sdk.maxRssMB, raw.maxRssMB),
      problems: SIDES.flatMap((side) => uploads[side])
        .filter((u) => !u.intact)
        .map((u) => `${u.side}: ${u.problem}`),
      uploads: Object.fromEntries(
        SIDES.map((side) => [
          side,
          uploads[side].map((u) => ({
            seconds: round(u.seconds, 3),
            growth: u.growth,
            maxRss: u.maxRss,
            intact: u.intact,
          })),
        ]),
      ),
    };
    const label = `upload ${size / MB} MB`;
    const floors = (pick: (s: Summary) => number, unit: string) =>
      `; fetch redirect:"error" ${pick(rawRedirectError)}, node:http ${pick(nodeHttp)} ${unit}`;
    const budgets: Budget[] = [
      {
        name: `${label}: SDK / raw fetch throughput`,
        figure: results.throughputRatio,
        unit: "×",
        limit: 0.9,
        kind: "min",
        detail: `${sdk.megabytesPerSecond} vs ${raw.megabytesPerSecond} MB/s${floors((s) => s.megabytesPerSecond, "MB/s")}`,
      },
      {
        name: `${label}: SDK / raw peak RSS growth`,
        figure: results.rssGrowthRatio,
        unit: "×",
        limit: 1.2,
        kind: "max",
        detail: `${sdk.peakRssGrowthMB} vs ${raw.peakRssGrowthMB} MB${floors((s) => s.peakRssGrowthMB, "MB")}`,
      },
      {
        name: `${label}: SDK / raw arrayBuffers growth`,
        figure: results.arrayBuffersGrowthRatio,
        unit: "×",
        limit: 1.2,
        kind: "max",
        detail: `${sdk.peakArrayBuffersGrowthMB} vs ${raw.peakArrayBuffersGrowthMB} MB${floors((s) => s.peakArrayBuffersGrowthMB, "MB")}`,
      },
      {
        name: `${label}: uploads not received intact`,
        figure: results.problems.length,
        unit: "",
        limit: 0,
        kind: "max",
        detail: `of ${rounds * SIDES.length}; the server checks the byte count and sha256 of the file part`,
      },
    ];
    return { results, budgets };
  } finally {
    await new Promise((resolve) => server.close(resolve));
    rmSync(scratch, { recursive: true, force: true });
  }
}
