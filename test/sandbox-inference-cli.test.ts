/** `nugen sandbox`: the inference flags (token rate, stream faults) reach the sandbox, and bad ones are refused at start. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const cliSource = fileURLToPath(new URL("../src/cli/index.ts", import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
});

function start(args: string[]): ChildProcess {
  child = spawn(process.execPath, ["--import", "tsx", cliSource, "sandbox", ...args], { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1" } });
  return child;
}

describe("nugen sandbox: inference flags", () => {
  it.each([
    [["--tokens-per-second", "-1"], /option '--tokens-per-second <n>' argument '-1' is invalid/],
    [["--stream-cut-after", "1.5"], /option '--stream-cut-after <events>' argument '1.5' is invalid\. Expected a whole number/],
  ])("refuses %j", async (args, message) => {
    const command = start(args);
    let stderr = "";
    command.stderr?.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => command.on("close", resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("streams with the sandbox-wide fault and token rate given", async () => {
    const command = start(["--port", "0", "--quiet", "--tokens-per-second", "0", "--stream-error-after", "2"]);
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      command.stdout?.on("data", (chunk) => {
        stdout += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      command.on("close", (code) => reject(new Error(`exited with ${code} before listening`)));
    });
    const response = await fetch(`${url}/api/v3/inference/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: JSON.stringify({ model: "nugen-flash-instruct", messages: [{ role: "user", content: "Hi" }], stream: true }),
    });
    const events = (await response.text()).split("\n\n").filter(Boolean);
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[2]?.slice("data: ".length) ?? "{}")).toHaveProperty("error.type", "server_error");
    const exited = new Promise((resolve) => command.on("close", resolve));
    command.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
