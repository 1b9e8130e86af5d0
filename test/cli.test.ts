import { spawn } from "node:child_process";
import pc from "picocolors";
import { describe, expect, it } from "vitest";
import { statusColor } from "../src/cli/table.js";
import { Nugen } from "../src/index.js";
import { cliPath, runCli } from "./helpers/cli.js";

describe("help and version", () => {
  it("--version prints the package version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each([
    "documents upload",
    "documents status",
    "documents list",
    "documents delete",
    "benchmarks create",
    "benchmarks upload",
    "benchmarks status",
    "benchmarks show",
    "benchmarks list",
    "projects create",
    "projects status",
    "projects show",
    "projects wait",
    "projects delete",
    "models list",
    "models deploy",
    "models undeploy",
    "evaluations create",
    "evaluations list",
    "evaluations status",
    "evaluations results",
    "evaluations download",
    "evaluations delete",
    "chat",
    "complete",
    "embed",
    "rerank",
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
    const child = spawn(process.execPath, [cliPath, "sandbox", "--port", "0", "--speed", "100"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
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

describe("status colours", () => {
  const colors = pc.createColors(true);
  const tone = (paint: (text: string) => string) =>
    paint === colors.green ? "green" : paint === colors.red ? "red" : paint === colors.yellow ? "yellow" : "plain";

  it("follow the spec's terminal statuses of each kind of job: the same word may differ by kind", () => {
    expect(tone(statusColor(colors, "AlignmentStatus", "READY"))).toBe("green");
    expect(tone(statusColor(colors, "AlignmentStatus", "stopped"))).toBe("red");
    expect(tone(statusColor(colors, "AlignmentStatus", "PROCESSING"))).toBe("yellow");
    // UPLOADED ends a benchmark; a document is not done at UPLOADED.
    expect(tone(statusColor(colors, "BenchmarkStatus", "UPLOADED"))).toBe("green");
    expect(tone(statusColor(colors, "DocumentStatus", "UPLOADED"))).toBe("yellow");
    expect(tone(statusColor(colors, "DeploymentTaskStatus", "SUCCESS"))).toBe("green");
    expect(tone(statusColor(colors, "EvaluationStatus", "-"))).toBe("plain");
  });

  it("an aligned model's own statuses, which are no job's, from their short list", () => {
    expect(tone(statusColor(colors, "ModelStatus", "DEPLOYED"))).toBe("green");
    expect(tone(statusColor(colors, "ModelStatus", "UNDEPLOYED"))).toBe("red");
    expect(tone(statusColor(colors, "ModelStatus", "DEPLOYING"))).toBe("yellow");
    expect(tone(statusColor(colors, "ModelStatus", "SOMETHING_NEW"))).toBe("plain");
  });
});
