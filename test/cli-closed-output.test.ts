/**
 * A reader that stops early (`nugen … | head -1`): the command ends quietly, as Unix tools
 * do, with no EPIPE stack; the sandbox serves on with its log going nowhere.
 */
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { cliPath } from "./helpers/cli.js";
import { useCliSandbox } from "./helpers/cli-sandbox.js";
import { listeningUrl, startSandboxCommand, stopSandboxCommands } from "./helpers/sandbox-command.js";

afterEach(stopSandboxCommands);

const t = useCliSandbox({ tokensPerSecond: 100 });
const MODEL = "alignment-xyz789-deployed";
const QUESTION = "How long do I have to return an unopened item, and how are refunds paid?";

/** `nugen ARGS | READER` in bash with pipefail: the exit code is nugen's unless it is 0; stderr is nugen's. */
function piped(args: string[], reader: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const quoted = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
  const child = spawn(
    "bash",
    [
      "-o",
      "pipefail",
      "-c",
      `${quoted(process.execPath)} ${quoted(cliPath)} ${args.map(quoted).join(" ")} | ${reader}`,
    ],
    {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...t.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("a closed stdout ends a command quietly", () => {
  it.each([
    ["chat, streamed", ["chat", MODEL, "-m", QUESTION], "head -c 12"],
    ["chat --json, one line per event", ["chat", MODEL, "-m", QUESTION, "--json"], "head -1"],
    [
      "complete, streamed",
      ["complete", "nugen-flash-instruct", "The returns policy, in three sentences:", "--max-tokens", "200"],
      "head -c 12",
    ],
    [
      "complete --json",
      ["complete", "nugen-flash-instruct", "The returns policy:", "--max-tokens", "200", "--json"],
      "head -1",
    ],
    // 20 vectors of 768 values: some 280 kB, more than a pipe holds, in one write.
    [
      "embed --json, one large write",
      ["embed", "nomic-embed-text-v1.5", ...Array.from({ length: 20 }, (_, index) => `text ${index}`), "--json"],
      "head -1",
    ],
  ])("%s", async (_name, args, reader) => {
    const { code, stdout, stderr } = await piped(args, reader);
    expect(stdout.length).toBeGreaterThan(0);
    expect(stderr).not.toMatch(/EPIPE|\n\s+at |Error/);
    expect(code).toBe(0);
  });
});

describe("a closed stdout does not stop the sandbox", () => {
  it("serves on after its log's reader has gone, logging nowhere", async () => {
    const command = startSandboxCommand(["--port", "0"]);
    const url = await listeningUrl(command);
    let stderr = "";
    command.stderr?.on("data", (chunk) => (stderr += chunk));
    // The reader goes away, as `head -1` does after the first line.
    command.stdout?.destroy();
    for (let request = 0; request < 5; request++) {
      expect((await fetch(`${url}/api/v3/models/aligned`, { headers: { authorization: "Bearer k" } })).status).toBe(
        200,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(command.exitCode).toBeNull();
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    const exited = new Promise((resolve) => command.on("close", resolve));
    command.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
