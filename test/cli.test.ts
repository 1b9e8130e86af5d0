import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { Nugen } from "../src/index.js";
import { cliPath, runCli } from "./helpers/cli.js";

describe("help and version", () => {
  it("--version prints the package version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each([
    "documents upload", "documents status", "documents list", "documents delete",
    "benchmarks create", "benchmarks upload", "benchmarks status", "benchmarks show", "benchmarks list",
    "projects create", "projects status", "projects show", "projects wait", "projects delete",
    "models list", "models deploy", "models undeploy",
    "evaluations create", "evaluations list", "evaluations status", "evaluations results", "evaluations download", "evaluations delete",
    "sandbox",
  ])("%s --help shows an example", async (command) => {
    const result = await runCli([...command.split(" "), "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples?:\n\s+\$ nugen /);
  });
});

describe("nugen sandbox", () => {
  it("serves the API on the port it prints, and stops on Ctrl-C", async () => {
    let url = "";
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
