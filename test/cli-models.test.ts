import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { FakeTerminal, runInProcess, useCliSandbox, visibleLines } from "./helpers/cli-sandbox.js";

const ANSI = /\x1b\[/;
const cli = useCliSandbox();

/** The id of a READY aligned model, made by a project named `name`. */
async function alignedModel(name: string): Promise<string> {
  const project = await cli.nugen.alignmentProjects.createAndWait({ name, base_model: "nugen-flash-instruct", document_ids: [await cli.document()] }, { pollIntervalMs: 100 });
  return project.data?.model_id ?? "";
}

describe("nugen models list", () => {
  it("prints a table with a header and every model, no colour when not a terminal", async () => {
    const result = await runCli(["models", "list"], cli.env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header?.split(/\s{2,}/)).toEqual(["ID", "NAME", "BASE MODEL", "STATUS", "DEPLOYMENT", "ACCURACY", "LAST USED"]);
    expect(rows[0]).toMatch(/^alignment-xyz789-deployed\s+customer_support_model\s+nugen-flash-instruct\s+DEPLOYED\s+DEPLOYED\s+0\.92\s+2024-01-20 14:30$/);
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

describe("nugen models deploy and undeploy", () => {
  it("deploy --wait follows the task to DEPLOYED; undeploy --wait back to UNDEPLOYED", async () => {
    const model = await alignedModel("Deployable");
    const deployed = await runCli(["models", "deploy", model, "--wait"], cli.env);
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toMatch(new RegExp(`^model\\s+${model}\\ntask\\s+COMPLETED\\nstatus\\s+DEPLOYED\\n`));
    expect(deployed.stderr).toContain(`Deploying ${model}; waiting until it is deployed.`);
    expect((await cli.nugen.models.listAligned()).find((m) => m.id === model)?.status).toBe("DEPLOYED");
    const undeployed = await runCli(["models", "undeploy", model, "--wait", "--json"], cli.env);
    expect(undeployed.code).toBe(0);
    expect(JSON.parse(undeployed.stdout)).toMatchObject({ id: model, status: "COMPLETED", result: { status: "UNDEPLOYED" } });
  });

  it("deploy without --wait says where to follow it", async () => {
    const model = await alignedModel("Later");
    const result = await runCli(["models", "deploy", model], cli.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Deploying ${model}; \`nugen models list\` shows when it is deployed.\n`);
  });

  it("a failed deployment is exit 4 with the server's reason; --json still prints the task", async () => {
    const model = await alignedModel("Broken [fail-deploy]");
    const result = await runCli(["models", "deploy", model, "--wait", "--json"], cli.env);
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: model, status: "FAILED", error: { type: "JobFailedError", exit_code: 4, reason: expect.stringContaining("no GPU capacity") } });
    expect(result.stderr).toMatch(new RegExp(`nugen: Model deployment ${model} ended with status FAILED: Deployment failed`));
  });
});
