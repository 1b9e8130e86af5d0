import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { type CliSandbox, FakeTerminal, runInProcess, useCliSandbox, visibleLines } from "./helpers/cli-sandbox.js";

const ANSI = /\x1b\[/;
/** The default sandbox speaks 2026-09 (a deployment's own status); the other, 2026-07 alone (deploy and undeploy tasks). */
const cli = useCliSandbox();
const cli07 = useCliSandbox({ generation: "2026-07" });
const generations = [
  ["2026-09", cli],
  ["2026-07", cli07],
] as const;
/** Projects that train until a test skips the clock ahead. */
const slow = useCliSandbox({ jobSeconds: 3600 });

/** The id of a READY aligned model, made by a project named `name`. */
async function alignedModel(name: string, sandbox: CliSandbox = cli): Promise<string> {
  const project = await sandbox.nugen.alignmentProjects.createAndWait(
    { name, base_model: "nugen-flash-instruct", document_ids: [await sandbox.document()] },
    { pollIntervalMs: 100 },
  );
  return project.data?.model_id ?? "";
}

describe("nugen models list", () => {
  it("prints a table with a header and every model, no colour when not a terminal", async () => {
    const result = await runCli(["models", "list"], cli.env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header?.split(/\s{2,}/)).toEqual([
      "ID",
      "NAME",
      "BASE MODEL",
      "STATUS",
      "DEPLOYMENT",
      "ACCURACY",
      "LAST USED",
    ]);
    expect(rows[0]).toMatch(
      /^alignment-xyz789-deployed\s+customer_support_model\s+nugen-flash-instruct\s+DEPLOYED\s+DEPLOYED\s+0\.92\s+2024-01-20 14:30$/,
    );
    expect(rows.length).toBe((await cli.nugen.models.listAligned()).length);
    expect(result.stdout).not.toMatch(ANSI);
  });

  it("--json prints the API's array unchanged", async () => {
    const result = await runCli(["models", "list", "--json"], cli.env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(await cli.nugen.models.listAligned());
  });

  it("never cuts the ID column on a narrow terminal: the other columns give way", async () => {
    const stdout = new FakeTerminal(80);
    const code = await runInProcess(["models", "list"], { ...cli.env, NO_COLOR: "1" }, { stdout });
    expect(code).toBe(0);
    const lines = visibleLines(stdout.text).filter(Boolean);
    const ids = (await cli.nugen.models.listAligned()).map((model) => model.id);
    expect(lines.slice(1).map((line) => line.split(" ")[0])).toEqual(ids);
    expect(lines.some((line) => line.includes("…"))).toBe(true);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("--base lists the base models, with whether each can be aligned", async () => {
    const text = await runCli(["models", "list", "--base"], cli.env);
    expect(text.code).toBe(0);
    const [header, ...rows] = text.stdout.trimEnd().split("\n");
    expect(header?.split(/\s{2,}/)).toEqual(["ID", "NAME", "ALIGNMENT READY"]);
    expect(rows.find((row) => row.startsWith("nugen-flash-instruct"))).toMatch(/\byes$/);
    const json = await runCli(["models", "list", "--base", "--json"], cli.env);
    expect(JSON.parse(json.stdout)).toEqual(await cli.nugen.models.listBase());
  });
});

describe.each(generations)("nugen models deploy and undeploy (%s)", (generation, cli) => {
  it("deploy --wait follows it to DEPLOYED; undeploy --wait back to UNDEPLOYED", async () => {
    const model = await alignedModel("Deployable", cli);
    const deployed = await runCli(["models", "deploy", model, "--wait"], cli.env);
    expect(deployed.code).toBe(0);
    // 2026-07 follows a deploy task, the model's status in its result; 2026-09 the deployment's own status.
    const shown = generation === "2026-07" ? "task\\s+COMPLETED\\nstatus\\s+DEPLOYED" : "status\\s+DEPLOYED";
    expect(deployed.stdout).toMatch(new RegExp(`^model\\s+${model}\\n${shown}\\n`));
    expect(deployed.stderr).toContain(`Deploying ${model}; waiting until it is deployed.`);
    expect((await cli.nugen.models.listAligned()).find((m) => m.id === model)?.status).toBe("DEPLOYED");
    const undeployed = await runCli(["models", "undeploy", model, "--wait", "--json"], cli.env);
    expect(undeployed.code).toBe(0);
    const final = JSON.parse(undeployed.stdout);
    if (generation === "2026-07")
      expect(final).toMatchObject({ id: model, status: "COMPLETED", result: { status: "UNDEPLOYED" } });
    else expect(final).toMatchObject({ id: model, status: "UNDEPLOYED", error: null });
  });

  it("deploy without --wait says where to follow it", async () => {
    const model = await alignedModel("Later", cli);
    const result = await runCli(["models", "deploy", model], cli.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Deploying ${model}; \`nugen models list\` shows when it is deployed.\n`);
  });

  it("a failed deployment is exit 4 with the server's reason; --json still prints the last status", async () => {
    const model = await alignedModel("Broken [fail-deploy]", cli);
    const result = await runCli(["models", "deploy", model, "--wait", "--json"], cli.env);
    expect(result.code).toBe(4);
    // A failed 2026-09 deployment is UNDEPLOYED with an error.
    const status = generation === "2026-07" ? "FAILED" : "UNDEPLOYED";
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: model,
      status,
      error: { type: "JobFailedError", exit_code: 4, reason: expect.stringContaining("no GPU capacity") },
    });
    expect(result.stderr).toMatch(
      new RegExp(`nugen: Model deployment ${model} ended with status ${status}: .*no GPU capacity`),
    );
  });

  it("show prints one model: name, base model, project, status; --json the SDK's answer", async () => {
    const model = await alignedModel("Shown model", cli);
    const text = await runCli(["models", "show", model], cli.env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(
        `^model\\s+${model}\\nname\\s+\\S.*\\nbase model\\s+nugen-flash-instruct\\nproject\\s+\\S+\\nstatus\\s+\\w+\\n`,
      ),
    );
    const json = JSON.parse((await runCli(["models", "show", model, "--json"], cli.env)).stdout);
    expect(json).toEqual(JSON.parse(JSON.stringify(await cli.nugen.models.retrieve(model))));
    expect(json).toMatchObject({ id: model, model_id: model });
    const missing = await runCli(["models", "show", "model_NOPE"], cli.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^nugen: 404 /);
  });
});

describe("nugen models deploy --early", () => {
  it("deploys the newest checkpoint of a model still training; without --early the 409 says to pass it (2026-09)", async () => {
    const { id } = await slow.nugen.alignmentProjects.create({
      name: "Early",
      base_model: "nugen-flash-instruct",
      document_ids: [await slow.document()],
    });
    // Past half its training the project has a checkpoint to deploy.
    slow.skip(3_600_000 * 0.6);
    const status = await runCli(["projects", "status", id], slow.env);
    expect(status.stdout).toMatch(/\nstatus\s+PROCESSING\n/);
    expect(status.stdout).toContain("deployable early yes (`nugen models deploy MODEL --early`)");
    const model = (await slow.nugen.alignmentProjects.retrieve(id)).model_id ?? "";
    expect(model).toMatch(/^model_/);

    const refused = await runCli(["models", "deploy", model], slow.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `nugen: 409 Model is still training. Retry with early=true to deploy the latest checkpoint.\nDeploy its newest checkpoint now with \`nugen models deploy ${model} --early\`, or wait until the project is READY.\n`,
    );
    const early = await runCli(["models", "deploy", model, "--early", "--wait"], slow.env);
    expect(early.code, early.stderr).toBe(0);
    expect(early.stdout).toMatch(new RegExp(`^model\\s+${model}\\nstatus\\s+DEPLOYED\\n`));
    expect((await slow.nugen.alignmentProjects.status(id)).status).toBe("PROCESSING");
  });

  it("is refused before sending on 2026-07, which cannot deploy early", async () => {
    const model = await alignedModel("Not early", cli07);
    const before = (await cli07.nugen.models.retrieve(model)).status;
    const result = await runCli(["models", "deploy", model, "--early"], cli07.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^nugen: deployModel with `early` has no route in the 2026-07 generation of the Nugen API, which this server speaks; nothing was sent\./,
    );
    expect((await cli07.nugen.models.retrieve(model)).status).toBe(before);
  });
});
