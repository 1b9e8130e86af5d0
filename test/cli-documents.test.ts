import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { FakeTerminal, fakePipe, runInProcess, uniqueText, useCliSandbox, visibleLines } from "./helpers/cli-sandbox.js";

const cli = useCliSandbox();
const dir = mkdtempSync(join(tmpdir(), "nugen-cli-documents-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of new content in the test's directory. */
function file(name: string, content = uniqueText()): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("nugen documents upload", () => {
  it("prints the upload id of each file, and says they are upload ids", async () => {
    const result = await runCli(["documents", "upload", file("a.md"), file("b.md")], cli.env);
    expect(result.code).toBe(0);
    const ids = result.stdout.trim().split("\n");
    expect(ids).toHaveLength(2);
    for (const id of ids) expect((await cli.nugen.documents.status(id)).status).toMatch(/PROCESSING|READY/);
    expect(result.stderr).toContain("These are upload ids: `nugen documents status ID` gives each document id once processed (or upload with --wait).");
  });

  it("--wait prints each file's document id once processed, in the order given", async () => {
    const result = await runCli(["documents", "upload", file("c.md"), file("d.md"), "--wait", "--category", "support"], cli.env);
    expect(result.code).toBe(0);
    const ids = result.stdout.trim().split("\n");
    expect(ids).toEqual([expect.stringMatching(/^doc_/), expect.stringMatching(/^doc_/)]);
    const { documents } = await cli.nugen.documents.list();
    expect(ids.map((id) => documents.find((d) => d.id === id)?.filename)).toEqual(["c.md", "d.md"]);
    expect(documents.find((d) => d.id === ids[0])?.categories).toEqual(["support"]);
  });

  it("a file already uploaded counts as success, with its existing id", async () => {
    const path = file("e.md");
    const first = await runCli(["documents", "upload", path, "--wait"], cli.env);
    const again = await runCli(["documents", "upload", path, "--wait", "--json"], cli.env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual([{ file: path, upload_id: null, document_id: first.stdout.trim(), status: "READY", already_uploaded: true }]);
    expect(again.stderr).toContain(`${path} is already uploaded, as ${first.stdout.trim()}.`);
  });

  it("--wait --json: a file whose processing fails is exit 4, the others still get their ids", async () => {
    const good = file("good.md");
    const bad = file("broken [fail].md");
    const result = await runCli(["documents", "upload", bad, good, "--wait", "--json"], cli.env);
    expect(result.code).toBe(4);
    const [failed, done] = JSON.parse(result.stdout);
    expect(failed).toMatchObject({ file: bad, upload_id: expect.any(String), document_id: null, status: "FAILED", error: { type: "JobFailedError", exit_code: 4 } });
    expect(done).toMatchObject({ file: good, document_id: expect.stringMatching(/^doc_/), status: "READY" });
    expect(result.stderr).toMatch(/nugen: Document upload \S+ ended with status FAILED/);
  });

  it("a missing file is a usage error naming it, and nothing is sent", async () => {
    const before = (await cli.nugen.documents.list()).documents.length;
    const result = await runCli(["documents", "upload", file("f.md"), join(dir, "nope.md")], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`nugen: FILE ${join(dir, "nope.md")} cannot be read (no such file).`);
    expect(result.stderr).toContain("Usage: nugen documents upload");
    expect((await cli.nugen.documents.list()).documents.length).toBe(before);
  });

  it("draws a byte progress bar for a large file on a terminal, within its width", async () => {
    const big = file("big.md", `${uniqueText()}${"Refunds are issued within 5 business days.\n".repeat(60_000)}`);
    const stderr = new FakeTerminal(45);
    const stdout = fakePipe();
    const code = await runInProcess(["documents", "upload", big], { ...cli.env, NO_COLOR: "1" }, { stdout, stderr });
    expect(code).toBe(0);
    expect(stdout.text).toMatch(/^upl_\w+\n$/);
    const frames = visibleLines(stderr.text).filter((line) => line.includes("uploading"));
    expect(frames.some((line) => /█+░*\s+\d+%\s+uploading/.test(line))).toBe(true);
    expect(frames.some((line) => line.includes("100%"))).toBe(true);
    for (const line of frames) expect([...line].length).toBeLessThanOrEqual(45);
  });
});

describe("nugen documents status, list, delete", () => {
  it("status shows the upload's status and, once processed, its document id", async () => {
    const [upload] = (await runCli(["documents", "upload", file("g.md")], cli.env)).stdout.trim().split("\n");
    const ready = await cli.nugen.documents.waitUntilReady(upload ?? "", { pollIntervalMs: 100 });
    const text = await runCli(["documents", "status", upload ?? ""], cli.env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^upload\\s+${upload}\\nstatus\\s+READY\\n(progress\\s+100%\\n)?document\\s+${ready.document_id}\\n$`));
    const json = await runCli(["documents", "status", upload ?? "", "--json"], cli.env);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: "READY", document_id: ready.document_id });
  });

  it("list prints a table whose ID column is whole; --json the API's answer", async () => {
    const id = await cli.document("listed.md");
    const text = await runCli(["documents", "list"], cli.env);
    expect(text.code).toBe(0);
    const [header, ...rows] = text.stdout.trimEnd().split("\n");
    expect(header?.split(/\s{2,}/)).toEqual(["ID", "FILE", "SIZE", "STATUS", "CATEGORIES", "UPLOADED"]);
    expect(rows.find((row) => row.startsWith(id))).toMatch(/listed\.md\s+\d+ B\s+READY/);
    const json = await runCli(["documents", "list", "--json"], cli.env);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(await cli.nugen.documents.list())));
  });

  it("delete deletes the document", async () => {
    const id = await cli.document("doomed.md");
    const result = await runCli(["documents", "delete", id], cli.env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Deleted document ${id}.\n`);
    expect((await cli.nugen.documents.list()).documents.map((d) => d.id)).not.toContain(id);
  });
});
