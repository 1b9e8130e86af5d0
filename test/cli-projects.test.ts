import { type ChildProcess, spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cliPath, runCli } from "./helpers/cli.js";
import { KEY, useCliSandbox } from "./helpers/cli-sandbox.js";
import { sendJson, startServer } from "./helpers/server.js";

const ANSI = /\x1b\[/;
/** The default sandbox speaks 2026-09 (a project is QUEUED before it trains); the other, 2026-07 alone. */
const cli = useCliSandbox();
const cli07 = useCliSandbox({ generation: "2026-07" });

/** Jobs that outlast any test unless it skips the sandbox's clock ahead. */
const slow = useCliSandbox({ jobSeconds: 3600 });
const slow07 = useCliSandbox({ jobSeconds: 3600, generation: "2026-07" });
/**
 * Jobs of a few seconds: a 2026-09 status carries the server's estimate of the time left,
 * which paces the polls (skipping the clock does not bring the next poll forward).
 */
const medium = useCliSandbox({ jobSeconds: 6 });

const generations = [
  ["2026-09", cli, slow],
  ["2026-07", cli07, slow07],
] as const;
/** A project's first status while it runs: 2026-09 queues it before training. */
const FIRST = { "2026-09": "QUEUED", "2026-07": "PROCESSING" } as const;
/** Why a project named with [fail] fails, as each generation's sandbox says it. */
const FAILURE = {
  "2026-09":
    "Finetuning failed: training backend answered HTTP 502 Bad Gateway (sandbox: the name asked to fail with [fail]) (stage failures: training: finetuning_failure)",
  "2026-07": "Training diverged: loss became NaN (sandbox: the name asked to fail with [fail]).",
} as const;

describe.each(generations)("nugen projects create (%s)", (generation, cli) => {
  it("prints the new id alone, for scripts", async () => {
    const [d1, d2] = [await cli.document(), await cli.document()];
    const result = await runCli(
      [
        "projects",
        "create",
        "--name",
        "CLI",
        "--base-model",
        "nugen-flash-instruct",
        "--document",
        d1 ?? "",
        "--document",
        d2 ?? "",
      ],
      cli.env,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^alignment_\w+\n$/);
    const project = await cli.nugen.alignmentProjects.retrieve(result.stdout.trim());
    expect(project.document_ids ?? project.documents).toEqual([d1, d2]);
  });

  it("--json prints the created project", async () => {
    const benchmark = await cli.benchmark();
    const result = await runCli(
      [
        "projects",
        "create",
        "--name",
        "CLI",
        "--base-model",
        "m",
        "--document",
        await cli.document(),
        "--benchmark",
        benchmark,
        "--json",
      ],
      cli.env,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: expect.stringMatching(/^alignment_/),
      status: FIRST[generation],
    });
  });

  it("--wait follows to success, exit 0, and --json keeps the id beside the final status", async () => {
    const result = await runCli(
      [
        "projects",
        "create",
        "--name",
        "Ok",
        "--base-model",
        "m",
        "--document",
        await cli.document(),
        "--wait",
        "--json",
      ],
      cli.env,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: expect.stringMatching(/^alignment_/), status: "READY" });
  });

  it("--wait to a failed alignment exits 4 with the server's reason", async () => {
    const result = await runCli(
      [
        "projects",
        "create",
        "--name",
        "Doomed [fail]",
        "--base-model",
        "m",
        "--document",
        await cli.document(),
        "--wait",
      ],
      cli.env,
    );
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/^alignment_\w+\n$/);
    expect(result.stderr).toMatch(/nugen: Alignment project alignment_\w+ ended with status FAILED: /);
    expect(result.stderr).toContain(`ended with status FAILED: ${FAILURE[generation].replace(/\.?$/, ".")}\n`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("--wait --json to a failed alignment still prints JSON: the id, the last status and the error", async () => {
    const result = await runCli(
      [
        "projects",
        "create",
        "--name",
        "Doomed [fail]",
        "--base-model",
        "m",
        "--document",
        await cli.document(),
        "--wait",
        "--json",
      ],
      cli.env,
    );
    expect(result.code).toBe(4);
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({
      id: expect.stringMatching(/^alignment_/),
      status: "FAILED",
      error: { type: "AlignmentFailedError", exit_code: 4, reason: FAILURE[generation] },
    });
    expect((await cli.nugen.alignmentProjects.status(printed.id)).status).toBe("FAILED");
  });

  it("--wait --json prints JSON when the create itself is refused", async () => {
    const result = await runCli(
      ["projects", "create", "--name", "X", "--base-model", "m", "--document", "doc_missing", "--wait", "--json"],
      cli.env,
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { type: "NotFoundError", status: 404, exit_code: 1 } });
  });
});

describe.each(generations)("nugen projects status, show (%s)", (generation, cli, slow) => {
  it("status shows the status in text and in JSON", async () => {
    const { id } = await slow.nugen.alignmentProjects.create({
      name: "Status",
      base_model: "m",
      document_ids: [await slow.document()],
    });
    const text = await runCli(["projects", "status", id], slow.env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^project\\s+${id}\\nstatus\\s+${FIRST[generation]}\\nprogress\\s+\\d+%`));
    const json = JSON.parse((await runCli(["projects", "status", id, "--json"], slow.env)).stdout);
    if (generation === "2026-07") {
      expect(json).toMatchObject({ status: "PROCESSING", data: { alignment_id: id } });
    } else {
      // Queued first, with its place in the queue.
      expect(text.stdout).toMatch(/\nqueue\s+#1\n/);
      expect(json).toMatchObject({ status: "QUEUED", queue_position: 1, early_deployable: false });
    }
  });

  it("show prints the project: name, base model, documents, model once ready", async () => {
    const document = await cli.document();
    const { id } = await cli.nugen.alignmentProjects.create({
      name: "Shown",
      base_model: "nugen-flash-instruct",
      document_ids: [document],
    });
    const project = await cli.nugen.alignmentProjects.waitUntilDone(id, { pollIntervalMs: 100 });
    const text = await runCli(["projects", "show", id], cli.env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(`^project\\s+${id}\\nname\\s+Shown\\nbase model\\s+nugen-flash-instruct\\nstatus\\s+READY`),
    );
    expect(text.stdout).toMatch(new RegExp(`\ndocuments\\s+${document}\n`));
    expect(project.model_id).toBeTruthy();
    expect(text.stdout).toMatch(new RegExp(`model\\s+${project.model_id}`));
    const json = await runCli(["projects", "show", id, "--json"], cli.env);
    expect(JSON.parse(json.stdout)).toMatchObject({
      id,
      model_id: project.model_id,
      ...(generation === "2026-07" ? { name: "Shown" } : { alignment_name: "Shown" }),
    });
  });
});

describe("nugen projects list", () => {
  it("--limit shows a page and says there may be more; --all walks every page; --json (2026-09)", async () => {
    for (const name of ["Listed 1", "Listed 2", "Listed 3"])
      await cli.nugen.alignmentProjects.create({ name, base_model: "m", document_ids: [await cli.document()] });
    const every: { id: string }[] = [];
    for await (const project of cli.nugen.alignmentProjects.list({ limit: 100 })) every.push(project);
    expect(every.length).toBeGreaterThanOrEqual(3);

    const page = await runCli(["projects", "list", "--limit", "2"], cli.env);
    expect(page.code).toBe(0);
    const [header, ...rows] = page.stdout.trimEnd().split("\n");
    expect(header?.split(/\s{2,}/)).toEqual(["ID", "NAME", "BASE MODEL", "STATUS"]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^alignment_\w+\s+\S.*\s+\S+\s+(QUEUED|PROCESSING|READY|FAILED)$/);
    expect(page.stderr).toBe("There may be more: pass --all to list every one, or a larger --limit.\n");

    const all = await runCli(["projects", "list", "--limit", "2", "--all", "--json"], cli.env);
    expect(all.code).toBe(0);
    const listed = JSON.parse(all.stdout);
    expect(listed.map((project: { id: string }) => project.id)).toEqual(every.map((project) => project.id));
    expect(listed[0]).toMatchObject({
      id: expect.stringMatching(/^alignment_/),
      alignment_id: listed[0].id,
      alignment_name: expect.any(String),
    });
  });

  it("--limit out of range is a usage error naming it", async () => {
    const result = await runCli(["projects", "list", "--limit", "0"], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^nugen: Invalid input: --limit must be >= 1\./);
  });

  it("is refused before sending on 2026-07, which has no such route", async () => {
    const result = await runCli(["projects", "list"], cli07.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^nugen: listAlignmentProjects has no route in the 2026-07 generation of the Nugen API, which this server speaks; nothing was sent\./,
    );
  });
});

describe("nugen projects delete", () => {
  it("deletes, and says so (2026-07)", async () => {
    const { id } = await cli07.nugen.alignmentProjects.create({
      name: "Gone",
      base_model: "m",
      document_ids: [await cli07.document()],
    });
    const result = await runCli(["projects", "delete", id], cli07.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Deleted alignment project ${id}.\n`);
    const again = await runCli(["projects", "status", id, "--json"], cli07.env);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { status: 404 } });
  });
});

describe("nugen projects wait", () => {
  it.each([
    ["2026-07", slow07, "PROCESSING"],
    ["2026-09", medium, "(QUEUED|PROCESSING)"],
  ] as const)(
    "follows to READY with timestamped progress lines on stderr when not a terminal (%s)",
    async (_generation, sandbox, running) => {
      const { id } = await sandbox.nugen.alignmentProjects.create({
        name: "Wait",
        base_model: "m",
        document_ids: [await sandbox.document()],
      });
      // Once a line of the running project is out, the job is made to finish (the 2026-07 one: the other ends in seconds).
      const result = await runCli(["projects", "wait", id], sandbox.env, (stderr) => {
        if (sandbox === slow07 && stderr.includes("PROCESSING")) slow07.skip(3_600_000);
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/status\s+READY/);
      expect(result.stderr).toMatch(
        new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${id} ${running} \\d+% \\(elapsed 0:0\\d\\)$`, "m"),
      );
      expect(result.stderr).not.toMatch(ANSI);
    },
  );
});

describe.each(generations)("nugen projects wait (%s)", (generation, _cli, slow) => {
  const first = FIRST[generation];

  it("--timeout ends with exit 5 (wait timed out), saying the project is still running and how to resume", async () => {
    const { id } = await slow.nugen.alignmentProjects.create({
      name: "Slow",
      base_model: "m",
      document_ids: [await slow.document()],
    });
    const result = await runCli(["projects", "wait", id, "--timeout", "1500ms"], slow.env);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/It is still running on the server/);
    expect(result.stderr).toContain(`Resume with \`nugen projects wait ${id}\`.`);
  });

  it("--timeout --json prints the last status and the error, exit 5", async () => {
    const { id } = await slow.nugen.alignmentProjects.create({
      name: "Slow",
      base_model: "m",
      document_ids: [await slow.document()],
    });
    const result = await runCli(["projects", "wait", id, "--timeout", "1500ms", "--json"], slow.env);
    expect(result.code).toBe(5);
    expect(JSON.parse(result.stdout)).toMatchObject({
      id,
      status: first,
      error: { type: "WaitTimeoutError", exit_code: 5 },
    });
  });

  it("Ctrl-C stops waiting with exit 130 and says how to resume", async () => {
    const { id } = await slow.nugen.alignmentProjects.create({
      name: "Slow",
      base_model: "m",
      document_ids: [await slow.document()],
    });
    let interrupted = false;
    const result = await runCli(["projects", "wait", id], slow.env, (stderr, child) => {
      if (!interrupted && stderr.includes(first)) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`keeps running on the server; resume with \`nugen projects wait ${id}\`.`);
    expect((await slow.nugen.alignmentProjects.status(id)).status).toBe(first);
  });
});

describe("a wait that read no status claims nothing about the job", () => {
  it("--timeout before any status was read: exit 5, state unknown, not 'still running'", async () => {
    const server = await startServer((_request, response) =>
      sendJson(response, 503, { detail: "Service Unavailable" }),
    );
    try {
      // Pinned: a server that answers nothing but 503 cannot say which generation it speaks.
      const env = { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: server.url, NUGEN_API_GENERATION: "2026-09" };
      const result = await runCli(
        ["projects", "wait", "alignment_X", "--timeout", "1500ms", "--max-retries", "0", "--json"],
        env,
      );
      expect(result.code).toBe(5);
      expect(result.stderr).not.toMatch(/still running|keeps running/i);
      expect(result.stderr).toContain("Check it with `nugen projects status alignment_X`.");
      expect(JSON.parse(result.stdout)).toMatchObject({
        id: "alignment_X",
        status: null,
        error: { type: "WaitTimeoutError" },
      });
      expect(server.requests.every((request) => request.path === "/api/v3/alignment-projects/alignment_X/status")).toBe(
        true,
      );
    } finally {
      await server.close();
    }
  });

  it("Ctrl-C before any status was read: exit 130, state unknown, not 'keeps running'", async () => {
    let child: ChildProcess | undefined;
    // Never answers: the first request (finding out the server's generation) is still pending when Ctrl-C comes.
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
