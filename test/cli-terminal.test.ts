import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cliPath } from "./helpers/cli.js";
import { FakeTerminal, KEY, runInProcess, useCliSandbox, visibleLines } from "./helpers/cli-sandbox.js";

const exec = promisify(execFile);
/** Projects stay PROCESSING until a test skips the clock ahead. */
const cli = useCliSandbox({ jobSeconds: 3600 });

/** Runs a command under `script`, which gives it a pseudo-terminal as a user's shell would; `onOutput` sees the output so far. */
function onTerminal(command: string, onOutput: (output: string) => void): Promise<string> {
  const child = spawn("script", ["-qec", command, "/dev/null"], { env: { PATH: process.env.PATH, TERM: "xterm" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
    onOutput(output);
  });
  return new Promise((resolve) => child.on("close", () => resolve(output)));
}

describe("on a terminal", () => {
  it("draws a live progress bar with percent, status and elapsed time", async () => {
    const { id } = await cli.nugen.alignmentProjects.create({ name: "TTY", base_model: "m", document_ids: [await cli.document()] });
    const command = `NUGEN_API_KEY=${KEY} NUGEN_BASE_URL=${cli.url} ${process.execPath} ${cliPath} projects wait ${id}`;
    // Once a PROCESSING frame is drawn, the job is made to finish.
    const stdout = await onTerminal(command, (output) => {
      if (/\d+%\s+\S*PROCESSING/.test(output)) cli.skip(3_600_000);
    });
    expect(stdout).toMatch(/\r\x1b\[2K/);
    expect(stdout).toMatch(/█/);
    expect(stdout).toMatch(/\d+%\s+\S*PROCESSING/);
    expect(stdout).toMatch(/\d:\d\d/);
    expect(stdout).toMatch(/status\s+\S*READY/);
    expect(stdout).toMatch(/\x1b\[3\dm/); // coloured on a terminal
  });

  it("NO_COLOR turns colour off even on a terminal", async () => {
    const command = `stty cols 200; NO_COLOR=1 NUGEN_API_KEY=${KEY} NUGEN_BASE_URL=${cli.url} ${process.execPath} ${cliPath} models list`;
    const { stdout } = await exec("script", ["-qec", command, "/dev/null"], { env: { PATH: process.env.PATH, TERM: "xterm" } });
    expect(stdout).toContain("alignment-xyz789-deployed");
    expect(stdout).not.toMatch(/\x1b\[\d+m/);
  });
});

/** A terminal that is narrowed, as a pane being resized, once the first status is drawn. */
class NarrowingTerminal extends FakeTerminal {
  narrowedAt: number | undefined;
  constructor(
    columns: number,
    private readonly onNarrowed: () => void,
  ) {
    super(columns);
  }
  override write(chunk: string | Uint8Array, callback?: () => void): boolean {
    super.write(chunk, callback);
    if (this.narrowedAt === undefined && String(chunk).includes("PROCESSING")) {
      this.narrowedAt = this.chunks.length;
      this.resize(30);
      this.onNarrowed();
    }
    return true;
  }
}

describe("the progress line fits the terminal", () => {
  it("never wider than a 45-column pane, one line redrawn, and narrower after a resize", async () => {
    const { id } = await cli.nugen.alignmentProjects.create({ name: "Narrow", base_model: "m", document_ids: [await cli.document()] });
    // Narrowed once PROCESSING is drawn, then the job is made to finish.
    const stderr = new NarrowingTerminal(45, () => cli.skip(3_600_000));
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
    expect(after.some((chunk) => chunk.includes("PROCESSING") || chunk.includes("READY"))).toBe(true);
    expect(widest(after)).toBeLessThanOrEqual(30);
    expect(stderr.text).toMatch(/\d+%/);
  });
});
