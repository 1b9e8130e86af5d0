import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cliPath } from "./helpers/cli.js";
import {
  type CliSandbox,
  FakeTerminal,
  KEY,
  runInProcess,
  useCliSandbox,
  visibleLines,
} from "./helpers/cli-sandbox.js";

const exec = promisify(execFile);
/** 2026-07 projects stay PROCESSING until a test skips the clock ahead. */
const slow07 = useCliSandbox({ jobSeconds: 3600, generation: "2026-07" });
/**
 * 2026-09 projects of a few seconds, QUEUED then PROCESSING: their status estimates the time
 * left, which paces the polls, so a skip of the clock would not bring the next poll forward.
 */
const medium = useCliSandbox({ jobSeconds: 6 });
const generations: [string, CliSandbox, RegExp][] = [
  ["2026-07", slow07, /PROCESSING/],
  ["2026-09", medium, /QUEUED|PROCESSING/],
];
/** Makes a project that runs end: the 2026-07 one is skipped to its end, the other ends by itself. */
const finish = (sandbox: CliSandbox) => {
  if (sandbox === slow07) slow07.skip(3_600_000);
};

/** Runs a command under `script`, which gives it a pseudo-terminal as a user's shell would; `onOutput` sees the output so far. */
function onTerminal(command: string, onOutput: (output: string) => void): Promise<string> {
  const child = spawn("script", ["-qec", command, "/dev/null"], {
    env: { PATH: process.env.PATH, TERM: "xterm" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
    onOutput(output);
  });
  return new Promise((resolve) => child.on("close", () => resolve(output)));
}

describe("on a terminal", () => {
  it.each(generations)(
    "draws a live progress bar with percent, status and elapsed time (%s)",
    async (_generation, cli, running) => {
      const { id } = await cli.nugen.alignmentProjects.create({
        name: "TTY",
        base_model: "m",
        document_ids: [await cli.document()],
      });
      const command = `NUGEN_API_KEY=${KEY} NUGEN_BASE_URL=${cli.url} ${process.execPath} ${cliPath} projects wait ${id}`;
      const frame = new RegExp(`\\d+%\\s+\\S*(${running.source})`);
      // Once a frame of the running project is drawn, the job is made to finish.
      const stdout = await onTerminal(command, (output) => {
        if (frame.test(output)) finish(cli);
      });
      expect(stdout).toMatch(/\r\x1b\[2K/);
      expect(stdout).toMatch(/█/);
      expect(stdout).toMatch(frame);
      expect(stdout).toMatch(/\d:\d\d/);
      expect(stdout).toMatch(/status\s+\S*READY/);
      expect(stdout).toMatch(/\x1b\[3\dm/); // coloured on a terminal
    },
  );

  it("NO_COLOR turns colour off even on a terminal", async () => {
    const command = `stty cols 200; NO_COLOR=1 NUGEN_API_KEY=${KEY} NUGEN_BASE_URL=${medium.url} ${process.execPath} ${cliPath} models list`;
    const { stdout } = await exec("script", ["-qec", command, "/dev/null"], {
      env: { PATH: process.env.PATH, TERM: "xterm" },
    });
    expect(stdout).toContain("alignment-xyz789-deployed");
    expect(stdout).not.toMatch(/\x1b\[\d+m/);
  });
});

/** A terminal that is narrowed, as a pane being resized, once the first status is drawn. */
class NarrowingTerminal extends FakeTerminal {
  narrowedAt: number | undefined;
  constructor(
    columns: number,
    private readonly running: RegExp,
    private readonly onNarrowed: () => void,
  ) {
    super(columns);
  }
  override write(chunk: string | Uint8Array, callback?: () => void): boolean {
    super.write(chunk, callback);
    if (this.narrowedAt === undefined && this.running.test(String(chunk))) {
      this.narrowedAt = this.chunks.length;
      this.resize(30);
      this.onNarrowed();
    }
    return true;
  }
}

describe("the progress line fits the terminal", () => {
  it.each(generations)(
    "never wider than a 45-column pane, one line redrawn, and narrower after a resize (%s)",
    async (_generation, cli, running) => {
      const { id } = await cli.nugen.alignmentProjects.create({
        name: "Narrow",
        base_model: "m",
        document_ids: [await cli.document()],
      });
      // Narrowed once the running project is drawn, then the job is made to finish.
      const stderr = new NarrowingTerminal(45, running, () => finish(cli));
      const code = await runInProcess(["projects", "wait", id], { ...cli.env, TERM: "xterm" }, { stderr });
      expect(code).toBe(0);
      // One line, redrawn in place: no newline among the frames.
      expect(stderr.text).not.toContain("\n");
      const widest = (chunks: string[]) => Math.max(...visibleLines(chunks.join("")).map((line) => [...line].length));
      const narrowedAt = stderr.narrowedAt ?? 0;
      expect(narrowedAt).toBeGreaterThan(0);
      expect(widest(stderr.chunks.slice(0, narrowedAt))).toBeLessThanOrEqual(45);
      // The resize itself redraws the line, at the new width.
      const after = stderr.chunks.slice(narrowedAt);
      expect(after.some((chunk) => running.test(chunk) || chunk.includes("READY"))).toBe(true);
      expect(widest(after)).toBeLessThanOrEqual(30);
      expect(stderr.text).toMatch(/\d+%/);
    },
  );
});
