import { type ChildProcess, spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cliPath, runCli } from "./helpers/cli.js";
import { KEY, useCliSandbox } from "./helpers/cli-sandbox.js";
import { sendJson, startServer } from "./helpers/server.js";

const ANSI = /\x1b\[/;
const cli = useCliSandbox();

/** Jobs that outlast any test unless it skips the sandbox's clock ahead. */
const slow = useCliSandbox({ jobSeconds: 3600 });

describe("nugen projects create", () => {
  it("prints the new id alone, for scripts", async () => {
    const [d1, d2] = [await cli.document(), await cli.document()];
    const result = await runCli(["projects", "create", "--name", "CLI", "--base-model", "nugen-flash-instruct", "--document", d1 ?? "", "--document", d2 ?? ""], cli.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^alignment_\w+\n$/);
    const project = await cli.nugen.alignmentProjects.retrieve(result.stdout.trim());
    expect(project.document_ids ?? project.documents).toEqual([d1, d2]);
  });

  it("--json prints the created project", async () => {
    const benchmark = await cli.benchmark();
    const result = await runCli(["projects", "create", "--name", "CLI", "--base-model", "m", "--document", await cli.document(), "--benchmark", benchmark, "--json"], cli.env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: expect.stringMatching(/^alignment_/), status: "PROCESSING" });
  });

  it("--wait follows to success, exit 0, and --json keeps the id beside the final status", async () => {
    const result = await runCli(["projects", "create", "--name", "Ok", "--base-model", "m", "--document", await cli.document(), "--wait", "--json"], cli.env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: expect.stringMatching(/^alignment_/), status: "READY" });
  });

  it("--wait to a failed alignment exits 4 with the server's reason", async () => {
    const result = await runCli(["projects", "create", "--name", "Doomed [fail]", "--base-model", "m", "--document", await cli.document(), "--wait"], cli.env);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/^alignment_\w+\n$/);
    expect(result.stderr).toMatch(/nugen: Alignment project alignment_\w+ ended with status FAILED: Training diverged/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("--wait --json to a failed alignment still prints JSON: the id, the last status and the error", async () => {
    const result = await runCli(["projects", "create", "--name", "Doomed [fail]", "--base-model", "m", "--document", await cli.document(), "--wait", "--json"], cli.env);
    expect(result.code).toBe(4);
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({
      id: expect.stringMatching(/^alignment_/),
      status: "FAILED",
      error: { type: "AlignmentFailedError", exit_code: 4, reason: expect.stringContaining("Training diverged") },
    });
    expect((await cli.nugen.alignmentProjects.status(printed.id)).status).toBe("FAILED");
  });

  it("--wait --json prints JSON when the create itself is refused", async () => {
    const result = await runCli(["projects", "create", "--name", "X", "--base-model", "m", "--document", "doc_missing", "--wait", "--json"], cli.env);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { type: "NotFoundError", status: 404, exit_code: 1 } });
  });
});

describe("nugen projects status, show, delete", () => {
  it("status shows the status in text and in JSON", async () => {
    const { id } = await slow.nugen.alignmentProjects.create({ name: "Status", base_model: "m", document_ids: [await slow.document()] });
    const text = await runCli(["projects", "status", id], slow.env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^project\\s+${id}\\nstatus\\s+PROCESSING\\nprogress\\s+\\d+%`));
    const json = await runCli(["projects", "status", id, "--json"], slow.env);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: "PROCESSING", data: { alignment_id: id } });
  });

  it("show prints the project: name, base model, documents, model once ready", async () => {
    const document = await cli.document();
    const project = await cli.nugen.alignmentProjects.createAndWait({ name: "Shown", base_model: "nugen-flash-instruct", document_ids: [document] }, { pollIntervalMs: 100 });
    const id = project.data?.alignment_id as string;
    const text = await runCli(["projects", "show", id], cli.env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^project\\s+${id}\\nname\\s+Shown\\nbase model\\s+nugen-flash-instruct\\nstatus\\s+READY`));
    expect(text.stdout).toContain(`documents  ${document}`);
    expect(text.stdout).toMatch(new RegExp(`model\\s+${project.data?.model_id}`));
    const json = await runCli(["projects", "show", id, "--json"], cli.env);
    expect(JSON.parse(json.stdout)).toMatchObject({ id, name: "Shown", model_id: project.data?.model_id });
  });

  it("delete deletes, and says so", async () => {
    const { id } = await cli.nugen.alignmentProjects.create({ name: "Gone", base_model: "m", document_ids: [await cli.document()] });
    const result = await runCli(["projects", "delete", id], cli.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Deleted alignment project ${id}.\n`);
    const again = await runCli(["projects", "status", id, "--json"], cli.env);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { status: 404 } });
  });
});

describe("nugen projects wait", () => {
  it("follows to READY with timestamped progress lines on stderr when not a terminal", async () => {
    const { id } = await slow.nugen.alignmentProjects.create({ name: "Wait", base_model: "m", document_ids: [await slow.document()] });
    // Once a PROCESSING line is out, the job is made to finish.
    const result = await runCli(["projects", "wait", id], slow.env, (stderr) => {
      if (stderr.includes("PROCESSING")) slow.skip(3_600_000);
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/status\s+READY/);
    expect(result.stderr).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${id} PROCESSING \\d+% \\(elapsed 0:00\\)$`, "m"));
    expect(result.stderr).not.toMatch(ANSI);
  });

  it("--timeout ends with exit 5 (wait timed out), saying the project is still running and how to resume", async () => {
    const { id } = await slow.nugen.alignmentProjects.create({ name: "Slow", base_model: "m", document_ids: [await slow.document()] });
    const result = await runCli(["projects", "wait", id, "--timeout", "1500ms"], slow.env);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/It is still running on the server/);
    expect(result.stderr).toContain(`Resume with \`nugen projects wait ${id}\`.`);
  });

  it("--timeout --json prints the last status and the error, exit 5", async () => {
    const { id } = await slow.nugen.alignmentProjects.create({ name: "Slow", base_model: "m", document_ids: [await slow.document()] });
    const result = await runCli(["projects", "wait", id, "--timeout", "1500ms", "--json"], slow.env);
    expect(result.code).toBe(5);
    expect(JSON.parse(result.stdout)).toMatchObject({ id, status: "PROCESSING", error: { type: "WaitTimeoutError", exit_code: 5 } });
  });

  it("Ctrl-C stops waiting with exit 130 and says how to resume", async () => {
    const { id } = await slow.nugen.alignmentProjects.create({ name: "Slow", base_model: "m", document_ids: [await slow.document()] });
    let interrupted = false;
    const result = await runCli(["projects", "wait", id], slow.env, (stderr, child) => {
      if (!interrupted && stderr.includes("PROCESSING")) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`keeps running on the server; resume with \`nugen projects wait ${id}\`.`);
    expect((await slow.nugen.alignmentProjects.status(id)).status).toBe("PROCESSING");
  });
});

describe("a wait that read no status claims nothing about the job", () => {
  it("--timeout before any status was read: exit 5, state unknown, not 'still running'", async () => {
    const server = await startServer((_request, response) => sendJson(response, 503, { detail: "Service Unavailable" }));
    try {
      const result = await runCli(["projects", "wait", "alignment_X", "--timeout", "1500ms", "--max-retries", "0", "--json"], { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: server.url });
      expect(result.code).toBe(5);
      expect(result.stderr).not.toMatch(/still running|keeps running/i);
      expect(result.stderr).toContain("Check it with `nugen projects status alignment_X`.");
      expect(JSON.parse(result.stdout)).toMatchObject({ id: "alignment_X", status: null, error: { type: "WaitTimeoutError" } });
    } finally {
      await server.close();
    }
  });

  it("Ctrl-C before any status was read: exit 130, state unknown, not 'keeps running'", async () => {
    let child: ChildProcess | undefined;
    // Never answers: the first status read is still pending when Ctrl-C comes.
    const server = await startServer(() => void child?.kill("SIGINT"));
    try {
      child = spawn(process.execPath, [cliPath, "projects", "wait", "alignment_Y"], {
        env: { PATH: process.env.PATH, NUGEN_API_KEY: KEY, NUGEN_BASE_URL: server.url },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr?.on("data", (chunk) => (stderr += chunk));
      const code = await new Promise((resolve) => child?.on("close", resolve));
      expect(server.requests).toHaveLength(1);
      expect(code).toBe(130);
      expect(stderr).not.toMatch(/still running|keeps running/i);
      expect(stderr).toContain("its state is unknown. Check it with `nugen projects status alignment_Y`.");
    } finally {
      await server.close();
    }
  });
});
