/** `nugen sandbox` run from its source (no build needed), as a user runs it, for the flag tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const cliSource = fileURLToPath(new URL("../../src/cli/index.ts", import.meta.url));
const running = new Set<ChildProcess>();

export function startSandboxCommand(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", cliSource, "sandbox", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1" },
  });
  running.add(child);
  child.on("close", () => running.delete(child));
  return child;
}

/** Runs the command to its end: its exit code and what it said on stderr. */
export function runSandboxCommand(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const command = startSandboxCommand(args);
  let stderr = "";
  command.stderr?.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => command.on("close", (code) => resolve({ code, stderr })));
}

/** The URL the sandbox says it listens on; rejects if it exits first. */
export function listeningUrl(command: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    command.stdout?.on("data", (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    command.on("close", (code) => reject(new Error(`exited with ${code} before listening`)));
  });
}

/** For afterEach: no sandbox outlives its test. */
export function stopSandboxCommands(): void {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
  running.clear();
}
