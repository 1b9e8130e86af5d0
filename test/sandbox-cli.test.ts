/** `nugen sandbox`: bad settings refused at start (exit code 2, naming the flag), and the flags reach the sandbox. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listeningUrl, runSandboxCommand, startSandboxCommand, stopSandboxCommands } from "./helpers/sandbox-command.js";

let dir: string | undefined;
afterEach(() => {
  stopSandboxCommands();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("nugen sandbox: settings refused at start", () => {
  it.each([
    [["--fail-rate", "1.5"], /option '--fail-rate <rate>' argument '1.5' is invalid\. Expected a rate from 0 to 1/],
    [["--fail-rate", "-0.1"], /option '--fail-rate <rate>' argument '-0.1' is invalid/],
    [["--latency", "-5"], /option '--latency <ms>' argument '-5' is invalid\. Expected a number, 0 or more/],
    [["--rate-limit", "-1"], /option '--rate-limit <n>' argument '-1' is invalid/],
    [["--speed", "0"], /option '--speed <factor>' argument '0' is invalid\. Expected a factor greater than 0/],
    [["--max-upload-bytes", "lots"], /option '--max-upload-bytes <size>' argument 'lots' is invalid/],
    [["--generation", "2026-08"], /option '--generation <generation>' argument '2026-08' is invalid\. Allowed choices are 2026-07, 2026-09/],
    [["--data", "/nonexistent-nugen-dir/state.json"], /option '--data <file>' argument '\/nonexistent-nugen-dir\/state.json' is invalid\. Cannot keep the sandbox's state in .*does not exist/],
  ])("%j", async (args, message) => {
    const { code, stderr } = await runSandboxCommand(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe("nugen sandbox: the flags reach the sandbox", () => {
  it("serves with the timings, limits and data file given, and stops on SIGTERM", async () => {
    dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-cli-"));
    const dataFile = join(dir, "state.json");
    const command = startSandboxCommand(["--port", "0", "--quiet", "--document-seconds", "0", "--max-upload-bytes", "1kb", "--data", dataFile]);
    const url = await listeningUrl(command);
    const upload = (content: string) => {
      const form = new FormData();
      form.append("files", new Blob([content]), "notes.md");
      return fetch(`${url}/api/v3/documents`, { method: "POST", headers: { authorization: "Bearer k" }, body: form });
    };
    expect((await upload("x".repeat(2048))).status).toBe(413);
    const { document_ids } = await (await upload("Short notes about returns.")).json();
    // --document-seconds 0: processed at once.
    expect(await (await fetch(`${url}/api/v3/documents/${document_ids[0]}`, { headers: { authorization: "Bearer k" } })).json()).toMatchObject({ status: "READY" });
    expect(existsSync(dataFile)).toBe(true);
    const exited = new Promise((resolve) => command.on("close", resolve));
    command.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it.each([["2026-07", "/api/v3/alignment-project/create", "/api/v3/alignment-projects/create"], ["2026-09", "/api/v3/alignment-projects/create", "/api/v3/alignment-project/create"]])(
    "--generation %s serves that generation only, and says so in /openapi-public.json",
    async (generation, own, other) => {
      const command = startSandboxCommand(["--port", "0", "--quiet", "--generation", generation]);
      let stderr = "";
      command.stderr?.on("data", (chunk) => (stderr += chunk));
      const url = await listeningUrl(command);
      const { paths } = await (await fetch(`${url}/openapi-public.json`)).json();
      expect(Object.keys(paths)).toContain(own);
      expect(Object.keys(paths)).not.toContain(other);
      const refused = await fetch(`${url}${other}`, { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: "{}" });
      expect([refused.status, await refused.text()]).toEqual([404, '{"detail":"Not Found"}']);
      expect(stderr).toContain(`Serving the ${generation} API generation only.`);
    },
  );
});
