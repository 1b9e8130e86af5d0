import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Nugen } from "../src/index.js";
import { type Sandbox, createSandbox } from "../src/sandbox/index.js";
import { cliPath, runCli } from "./helpers/cli.js";
import { closedPort } from "./helpers/server.js";

const exec = promisify(execFile);

const key = "nk-cli-SECRET-0123456789";
const ANSI = /\x1b\[/;
let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await createSandbox({ log: false, jobSeconds: 0.6 });
  env = { NUGEN_API_KEY: key, NUGEN_BASE_URL: sandbox.url };
});
afterAll(() => sandbox.close());

const nugen = () => new Nugen({ apiKey: key, baseUrl: sandbox.url });

describe("nugen models list", () => {
  it("prints a table with a header and every model, no colour when not a terminal", async () => {
    const result = await runCli(["models", "list"], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header?.split(/\s{2,}/)).toEqual(["ID", "NAME", "BASE MODEL", "STATUS", "DEPLOYMENT", "ACCURACY", "LAST USED"]);
    expect(rows[0]).toMatch(/^alignment-xyz789-deployed\s+customer_support_model\s+nugen-flash-instruct\s+DEPLOYED\s+DEPLOYED\s+0\.92\s+2024-01-20 14:30$/);
    expect(rows.length).toBe((await nugen().models.listAligned()).length);
    expect(result.stdout).not.toMatch(ANSI);
  });

  it("--json prints the API's array unchanged", async () => {
    const result = await runCli(["models", "list", "--json"], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(await nugen().models.listAligned());
  });
});

describe("nugen projects", () => {
  it("create prints the new id alone, for scripts", async () => {
    const result = await runCli(["projects", "create", "--name", "CLI", "--base-model", "nugen-flash-instruct", "--document", "d1", "--document", "d2"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^alignment_\w+\n$/);
    const status = await nugen().alignmentProjects.status(result.stdout.trim());
    expect(status.data?.document_ids).toEqual(["d1", "d2"]);
  });

  it("create --json prints the created project", async () => {
    const result = await runCli(["projects", "create", "--name", "CLI", "--base-model", "m", "--document", "d", "--benchmark", "b", "--json"], env);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: expect.stringMatching(/^alignment_/), status: "PROCESSING" });
  });

  it("status shows the status in text and in JSON", async () => {
    const { id } = await nugen().alignmentProjects.create({ name: "Status", base_model: "m", document_ids: ["d"] });
    const text = await runCli(["projects", "status", id], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^project\\s+${id}\\nstatus\\s+PROCESSING\\nprogress\\s+\\d+%`));
    const json = await runCli(["projects", "status", id, "--json"], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: "PROCESSING", data: { alignment_id: id } });
  });

  it("wait follows to READY with timestamped progress lines on stderr when not a terminal", async () => {
    const { id } = await nugen().alignmentProjects.create({ name: "Wait", base_model: "m", document_ids: ["d"] });
    const result = await runCli(["projects", "wait", id], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/status\s+READY/);
    expect(result.stderr).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${id} PROCESSING \\d+% \\(elapsed 0:00\\)$`, "m"));
    expect(result.stderr).not.toMatch(ANSI);
  });

  it("create --wait follows to success, exit 0", async () => {
    const result = await runCli(["projects", "create", "--name", "Ok", "--base-model", "m", "--document", "d", "--wait", "--json"], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "READY" });
  });

  it("create --wait to a failed alignment exits 4 with the server's reason", async () => {
    const result = await runCli(["projects", "create", "--name", "Doomed [fail]", "--base-model", "m", "--document", "d", "--wait"], env);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/^alignment_\w+\n$/);
    expect(result.stderr).toMatch(/nugen: Alignment project alignment_\w+ ended with status FAILED: Training diverged/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("wait --timeout ends with exit 1, saying the project keeps running", async () => {
    const slow = await createSandbox({ log: false, jobSeconds: 3600 });
    try {
      const { id } = await new Nugen({ apiKey: key, baseUrl: slow.url }).alignmentProjects.create({ name: "Slow", base_model: "m", document_ids: ["d"] });
      const result = await runCli(["projects", "wait", id, "--timeout", "1500ms"], { ...env, NUGEN_BASE_URL: slow.url });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/It is still running on the server/);
    } finally {
      await slow.close();
    }
  });

  it("Ctrl-C stops waiting with exit 130 and says how to resume", async () => {
    const slow = await createSandbox({ log: false, jobSeconds: 3600 });
    try {
      const { id } = await new Nugen({ apiKey: key, baseUrl: slow.url }).alignmentProjects.create({ name: "Slow", base_model: "m", document_ids: ["d"] });
      let interrupted = false;
      const result = await runCli(["projects", "wait", id], { ...env, NUGEN_BASE_URL: slow.url }, (stderr, child) => {
        if (!interrupted && stderr.includes("PROCESSING")) {
          interrupted = true;
          child.kill("SIGINT");
        }
      });
      expect(result.code).toBe(130);
      expect(result.stderr).toContain(`keeps running on the server; resume with: nugen projects wait ${id}`);
      expect((await new Nugen({ apiKey: key, baseUrl: slow.url }).alignmentProjects.status(id)).status).toBe("PROCESSING");
    } finally {
      await slow.close();
    }
  });
});

describe("errors and exit codes", () => {
  it("a missing required flag is a usage error (2) naming the flag, with the command's usage", async () => {
    const result = await runCli(["projects", "create", "--base-model", "m", "--document", "d"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: required option '--name <name>' not specified");
    expect(result.stderr).toContain("Usage: nugen projects create [options]");
  });

  it("an empty flag value is refused before sending, naming the flag", async () => {
    const result = await runCli(["projects", "create", "--name", "", "--base-model", "m", "--document", "d"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^nugen: Invalid input: --name must not be empty\./);
    expect(result.stderr).toContain("Usage: nugen projects create [options]");
  });

  it.each([
    [["projects", "wait", "x", "--timeout", "soon"], "option '--timeout <duration>' argument 'soon' is invalid"],
    [["models", "list", "--max-retries", "-1"], "option '--max-retries <n>' argument '-1' is invalid"],
    [["models", "list", "--timeout", "0"], "option '--timeout <duration>' argument '0' is invalid"],
    [["models", "dance"], "unknown command 'dance'"],
    [["models", "list", "--colour"], "unknown option '--colour'"],
  ])("%j is a usage error", async (args, message) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("no key is an auth error (3) that says where the key comes from", async () => {
    const result = await runCli(["models", "list"], { NUGEN_BASE_URL: sandbox.url });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("nugen: No API key: set the NUGEN_API_KEY environment variable (or pass --api-key).\n");
  });

  it("a refused key is an auth error (3)", async () => {
    const strict = await createSandbox({ log: false, apiKeys: ["the-right-key"] });
    try {
      const result = await runCli(["models", "list"], { ...env, NUGEN_BASE_URL: strict.url });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/^nugen: 401 Invalid API key\nCheck NUGEN_API_KEY/);
      expect(result.stderr).not.toContain(key);
    } finally {
      await strict.close();
    }
  });

  it("an unreachable server is exit 1: one line, a hint, no stack", async () => {
    const result = await runCli(["models", "list", "--max-retries", "0"], { ...env, NUGEN_BASE_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^nugen: Could not reach http:\/\/127\.0\.0\.1:\d+\/api\/v3\/models\/aligned: connection refused\.$/);
    expect(lines[1]).toBe("Check --base-url (or NUGEN_BASE_URL) and the network.");
  });

  it("--verbose logs each request to stderr with the key redacted, stdout stays clean", async () => {
    const result = await runCli(["models", "list", "--json", "--verbose"], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/nugen: GET \/api\/v3\/models\/aligned -> 200 \(attempt 1, \d+ ms\)/);
    expect(result.stderr).toContain("Bearer ***");
    expect(result.stderr).not.toContain(key);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });

  it("takes the connection flags before the command too", async () => {
    const result = await runCli(["--verbose", "--api-key", "before-key", "models", "list", "--json"], { NUGEN_BASE_URL: sandbox.url });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/GET \/api\/v3\/models\/aligned -> 200/);
  });

  it("--verbose shows the stack of an error", async () => {
    const result = await runCli(["models", "list", "--verbose", "--max-retries", "0"], { ...env, NUGEN_BASE_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it("--api-key works, and the env var is preferred in the help", async () => {
    const result = await runCli(["models", "list", "--api-key", "from-flag", "--json"], { NUGEN_BASE_URL: sandbox.url });
    expect(result.code).toBe(0);
    const help = await runCli(["models", "list", "--help"], {});
    expect(help.stdout).toMatch(/--api-key <key>\s+API key; prefer the NUGEN_API_KEY environment variable/);
  });
});

describe("help and version", () => {
  it("--version prints the package version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each(["models list", "projects create", "projects status", "projects wait", "sandbox"])("%s --help shows an example", async (command) => {
    const result = await runCli([...command.split(" "), "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples?:\n\s+\$ nugen /);
  });
});

describe("nugen sandbox", () => {
  it("serves the API on the port it prints, and stops on Ctrl-C", async () => {
    let url = "";
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [cliPath, "sandbox", "--port", "0", "--speed", "100"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match?.[1] && !url) {
          url = match[1];
          resolve();
        }
      }),
    );
    const models = await new Nugen({ apiKey: "any", baseUrl: url }).models.listAligned();
    expect(models.length).toBeGreaterThan(0);
    const exited = new Promise((resolve) => child.on("close", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/GET \/api\/v3\/models\/aligned 200/);
  });
});

describe("on a terminal", () => {
  it("draws a live progress bar with percent, status and elapsed time", async () => {
    const { id } = await nugen().alignmentProjects.create({ name: "TTY", base_model: "m", document_ids: ["d"] });
    // `script` gives the command a pseudo-terminal, as a user's shell would.
    const command = `NUGEN_API_KEY=${key} NUGEN_BASE_URL=${sandbox.url} ${process.execPath} ${cliPath} projects wait ${id}`;
    const { stdout } = await exec("script", ["-qec", command, "/dev/null"], { env: { PATH: process.env.PATH, TERM: "xterm" } });
    expect(stdout).toMatch(/\r\x1b\[2K/);
    expect(stdout).toMatch(/█/);
    expect(stdout).toMatch(/\d+%\s+\S*PROCESSING/);
    expect(stdout).toMatch(/\d:\d\d/);
    expect(stdout).toMatch(/status\s+\S*READY/);
    expect(stdout).toMatch(/\x1b\[3\dm/); // coloured on a terminal
  });

  it("NO_COLOR turns colour off even on a terminal", async () => {
    const command = `stty cols 200; NO_COLOR=1 NUGEN_API_KEY=${key} NUGEN_BASE_URL=${sandbox.url} ${process.execPath} ${cliPath} models list`;
    const { stdout } = await exec("script", ["-qec", command, "/dev/null"], { env: { PATH: process.env.PATH, TERM: "xterm" } });
    expect(stdout).toContain("alignment-xyz789-deployed");
    expect(stdout).not.toMatch(/\x1b\[\d+m/);
  });
});
