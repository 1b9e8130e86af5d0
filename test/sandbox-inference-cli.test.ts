/** `nugen sandbox`: the inference flags (token rate, stream faults) reach the sandbox, and bad ones are refused at start. */
import { afterEach, describe, expect, it } from "vitest";
import {
  listeningUrl,
  runSandboxCommand,
  startSandboxCommand,
  stopSandboxCommands,
} from "./helpers/sandbox-command.js";

afterEach(stopSandboxCommands);

describe("nugen sandbox: inference flags", () => {
  it.each([
    [["--tokens-per-second", "-1"], /option '--tokens-per-second <n>' argument '-1' is invalid/],
    [
      ["--stream-cut-after", "1.5"],
      /option '--stream-cut-after <events>' argument '1.5' is invalid\. Expected a whole number/,
    ],
  ])("refuses %j", async (args, message) => {
    const { code, stderr } = await runSandboxCommand(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("streams with the sandbox-wide fault and token rate given", async () => {
    const command = startSandboxCommand([
      "--port",
      "0",
      "--quiet",
      "--tokens-per-second",
      "0",
      "--stream-error-after",
      "2",
    ]);
    const url = await listeningUrl(command);
    const response = await fetch(`${url}/api/v3/inference/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: JSON.stringify({
        model: "nugen-flash-instruct",
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
      }),
    });
    const events = (await response.text()).split("\n\n").filter(Boolean);
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[2]?.slice("data: ".length) ?? "{}")).toHaveProperty("error.type", "server_error");
    const exited = new Promise((resolve) => command.on("close", resolve));
    command.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
