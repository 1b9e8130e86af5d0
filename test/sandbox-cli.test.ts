/** `nugen sandbox`: bad settings refused at start (exit code 2, naming the flag), and the flags reach the sandbox. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  listeningUrl,
  runSandboxCommand,
  startSandboxCommand,
  stopSandboxCommands,
} from "./helpers/sandbox-command.js";

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
    [
      ["--generation", "2026-08"],
      /option '--generation <generation>' argument '2026-08' is invalid\. Allowed choices are 2026-07, 2026-09/,
    ],
    [
      ["--latency", "3000000000"],
      /option '--latency <ms>' argument '3000000000' is invalid\. Expected at most 2147483647 ms/,
    ],
    [["--max-request-bytes", "0"], /option '--max-request-bytes <size>' argument '0' is invalid/],
    [
      ["--cors-origin", "app.example.com"],
      /option '--cors-origin <origin>' argument 'app.example.com' is invalid\. .*such as https:\/\/app\.example\.com/,
    ],
    [["--host", "0.0.0.0"], /--host 0\.0\.0\.0 lets other machines call the sandbox.*--sandbox-key/],
    [
      ["--host", "::", "--cors-origin", "https://app.example.com"],
      /--host :: lets other machines call the sandbox.*--sandbox-key/,
    ],
    [
      ["--data", "/nonexistent-nugen-dir/state.json"],
      /option '--data <file>' argument '\/nonexistent-nugen-dir\/state.json' is invalid\. Cannot keep the sandbox's state in .*does not exist/,
    ],
  ])("%j", async (args, message) => {
    const { code, stderr } = await runSandboxCommand(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe("nugen sandbox: a --data file it cannot start from", () => {
  it.each([
    ["cut short", '{"version": 2, "projects": [', /is not valid JSON \(.*\)/],
    ["not JSON at all", "projects: []\n", /is not valid JSON/],
    ["JSON null", "null", /holds no sandbox state/],
    ["a list", "[]", /holds no sandbox state/],
    ["no version", '{"projects": []}', /holds no sandbox state/],
    ["records that are not a list", '{"version": 2, "projects": {}}', /holds no sandbox state/],
    [
      "a record without an id",
      '{"version": 2, "projects": [], "documents": [{"name": "x"}]}',
      /holds no sandbox state/,
    ],
  ])("%s: exits 2 naming the file and what to do", async (_name, content, reason) => {
    dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-cli-"));
    const dataFile = join(dir, "state.json");
    writeFileSync(dataFile, content);
    const { code, stderr } = await runSandboxCommand(["--port", "0", "--data", dataFile]);
    expect(code).toBe(2);
    expect(stderr).toContain(`--data ${dataFile}`);
    expect(stderr).toMatch(reason);
    expect(stderr).toContain("move it away or delete it to start empty");
    expect(stderr).not.toMatch(/\n\s+at /);
    // Left as it was, for the user to look at.
    expect(readFileSync(dataFile, "utf8")).toBe(content);
  });

  it("starts empty from an empty file (one made with touch)", async () => {
    dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-cli-"));
    const dataFile = join(dir, "state.json");
    writeFileSync(dataFile, "");
    const url = await listeningUrl(startSandboxCommand(["--port", "0", "--quiet", "--data", dataFile]));
    expect(
      (await (await fetch(`${url}/api/v3/documents`, { headers: { authorization: "Bearer k" } })).json()).documents,
    ).toEqual([]);
  });
});

describe("nugen sandbox: the flags reach the sandbox", () => {
  it("serves with the timings, limits and data file given, and stops on SIGTERM", async () => {
    dir = mkdtempSync(join(tmpdir(), "nugen-sandbox-cli-"));
    const dataFile = join(dir, "state.json");
    const command = startSandboxCommand([
      "--port",
      "0",
      "--quiet",
      "--document-seconds",
      "0",
      "--max-upload-bytes",
      "1kb",
      "--data",
      dataFile,
    ]);
    const url = await listeningUrl(command);
    const upload = (content: string) => {
      const form = new FormData();
      form.append("files", new Blob([content]), "notes.md");
      return fetch(`${url}/api/v3/documents`, { method: "POST", headers: { authorization: "Bearer k" }, body: form });
    };
    expect((await upload("x".repeat(2048))).status).toBe(413);
    const { document_ids } = await (await upload("Short notes about returns.")).json();
    // --document-seconds 0: processed at once.
    expect(
      await (
        await fetch(`${url}/api/v3/documents/${document_ids[0]}`, { headers: { authorization: "Bearer k" } })
      ).json(),
    ).toMatchObject({ status: "READY" });
    expect(existsSync(dataFile)).toBe(true);
    const exited = new Promise((resolve) => command.on("close", resolve));
    command.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("--evaluation-status-fails makes every poll of an evaluation's status a plain-text 500, unless its header says 0", async () => {
    const url = await listeningUrl(startSandboxCommand(["--port", "0", "--quiet", "--evaluation-status-fails"]));
    const status = (headers: Record<string, string> = {}) =>
      fetch(`${url}/api/v3/evaluations/eval_0000000000000000/status`, {
        headers: { authorization: "Bearer k", ...headers },
      });
    const failed = await status();
    expect([failed.status, await failed.text()]).toEqual([500, "Internal Server Error"]);
    expect((await status({ "x-sandbox-evaluation-status-fails": "0" })).status).toBe(404);
  });

  it.each([
    ["2026-07", "/api/v3/alignment-project/create", "/api/v3/alignment-projects/create"],
    ["2026-09", "/api/v3/alignment-projects/create", "/api/v3/alignment-project/create"],
  ])(
    "--generation %s serves that generation only, and says so in /openapi-public.json",
    async (generation, own, other) => {
      const command = startSandboxCommand(["--port", "0", "--quiet", "--generation", generation]);
      let stderr = "";
      command.stderr?.on("data", (chunk) => (stderr += chunk));
      const url = await listeningUrl(command);
      const { paths } = await (await fetch(`${url}/openapi-public.json`)).json();
      expect(Object.keys(paths)).toContain(own);
      expect(Object.keys(paths)).not.toContain(other);
      const refused = await fetch(`${url}${other}`, {
        method: "POST",
        headers: { authorization: "Bearer k", "content-type": "application/json" },
        body: "{}",
      });
      expect([refused.status, await refused.text()]).toEqual([404, '{"detail":"Not Found"}']);
      expect(stderr).toContain(`Serving the ${generation} API generation only.`);
    },
  );

  it("lets in the web pages --cors-origin names, besides those on loopback", async () => {
    const url = await listeningUrl(
      startSandboxCommand([
        "--port",
        "0",
        "--quiet",
        "--cors-origin",
        "https://app.example.com",
        "--cors-origin",
        "http://devbox.lan:3000/",
      ]),
    );
    const status = async (origin: string) =>
      (await fetch(`${url}/api/v3/models/aligned`, { headers: { authorization: "Bearer k", origin } })).status;
    expect(await status("https://app.example.com")).toBe(200);
    expect(await status("http://devbox.lan:3000")).toBe(200);
    expect(await status("http://localhost:5173")).toBe(200);
    expect(await status("https://evil.example")).toBe(403);
  });

  it("serves other machines with --host 0.0.0.0 and --sandbox-key, printing a URL that works", async () => {
    const command = startSandboxCommand(["--port", "0", "--quiet", "--host", "0.0.0.0", "--sandbox-key", "lan-key"]);
    let stderr = "";
    command.stderr?.on("data", (chunk) => (stderr += chunk));
    const url = await listeningUrl(command);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/api/v3/models/aligned`, { headers: { authorization: "Bearer lan-key" } })).status).toBe(
      200,
    );
    expect((await fetch(`${url}/api/v3/models/aligned`, { headers: { authorization: "Bearer any" } })).status).toBe(
      401,
    );
    await vi.waitFor(() => expect(stderr).toContain("NUGEN_API_KEY=<your --sandbox-key>"));
    // The key is not echoed to the terminal.
    expect(stderr).not.toContain("lan-key");
  });

  it("limits a whole upload request with --max-request-bytes (default: ten files' worth)", async () => {
    const upload = (url: string, files: number) => {
      const form = new FormData();
      for (let index = 0; index < files; index++)
        form.append("files", new Blob([`${index}${"x".repeat(900)}`]), `notes-${index}.md`);
      return fetch(`${url}/api/v3/documents`, { method: "POST", headers: { authorization: "Bearer k" }, body: form });
    };
    const byDefault = await listeningUrl(startSandboxCommand(["--port", "0", "--quiet", "--max-upload-bytes", "1kb"]));
    expect((await upload(byDefault, 3)).status).toBe(200);
    const limited = await listeningUrl(
      startSandboxCommand(["--port", "0", "--quiet", "--max-upload-bytes", "1kb", "--max-request-bytes", "2kb"]),
    );
    const refused = await upload(limited, 3);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({
      detail: "Request body too large. The maximum size is 2048 bytes per request.",
    });
  });
});
