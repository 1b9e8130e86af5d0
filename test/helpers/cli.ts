/** Runs the built `nugen` command as a user would, in a child process. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const cliPath = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Piped to the command's stdin, which is then closed; without it, stdin is /dev/null. */
  input?: string;
  /** Sees stdout so far as it grows. */
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
}

export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void,
  options: CliOptions = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
    options.onStdout?.(stdout, child);
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
    onStderr?.(stderr, child);
  });
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
}
