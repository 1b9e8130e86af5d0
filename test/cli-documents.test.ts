import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import {
  FakeTerminal,
  fakePipe,
  runInProcess,
  uniqueText,
  useCliSandbox,
  visibleLines,
} from "./helpers/cli-sandbox.js";

/** The default sandbox speaks 2026-09 (final `document_` ids); the other, 2026-07 alone (upload ids, then `doc_` ids). */
const cli = useCliSandbox();
const cli07 = useCliSandbox({ generation: "2026-07" });
const generations = [
  ["2026-09", cli],
  ["2026-07", cli07],
] as const;
const DOCUMENT_ID = { "2026-09": /^document_\w+$/, "2026-07": /^doc_\w+$/ };
const dir = mkdtempSync(join(tmpdir(), "nugen-cli-documents-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of new content in the test's directory (or, with `write` false, only its path). */
function file(name: string, content = uniqueText(), write = true): string {
  const path = join(dir, name);
  if (write) writeFileSync(path, content);
  return path;
}

describe("nugen documents upload", () => {
  it("prints the upload id of each file, and says they are upload ids (2026-07)", async () => {
    const result = await runCli(["documents", "upload", file("a.md"), file("b.md")], cli07.env);
    expect(result.code).toBe(0);
    const ids = result.stdout.trim().split("\n");
    expect(ids).toHaveLength(2);
    for (const id of ids) expect((await cli07.nugen.documents.status(id)).status).toMatch(/PROCESSING|READY/);
    expect(result.stderr).toContain(
      "These are upload ids: `nugen documents status ID` gives each document id once processed (or upload with --wait).",
    );
  });

  it("prints each file's document id, final from the start, and says they are being processed (2026-09)", async () => {
    const result = await runCli(["documents", "upload", file("a9.md"), file("b9.md"), "--json"], cli.env);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toEqual([
      {
        file: file("a9.md", undefined, false),
        upload_id: null,
        document_id: expect.stringMatching(DOCUMENT_ID["2026-09"]),
        status: "UPLOADED",
        already_uploaded: false,
      },
      {
        file: file("b9.md", undefined, false),
        upload_id: null,
        document_id: expect.stringMatching(DOCUMENT_ID["2026-09"]),
        status: "UPLOADED",
        already_uploaded: false,
      },
    ]);
    const text = await runCli(["documents", "upload", file("c9.md")], cli.env);
    expect(text.code).toBe(0);
    const [id] = text.stdout.trim().split("\n");
    expect(id).toMatch(DOCUMENT_ID["2026-09"]);
    expect((await cli.nugen.documents.waitUntilReady(id ?? "", { pollIntervalMs: 100 })).document_id).toBe(id);
    expect(text.stderr).toBe(
      "They are being processed: `nugen documents status ID` says when each is READY to use (or upload with --wait).\n",
    );
  });
});

describe.each(generations)("nugen documents upload (%s)", (generation, cli) => {
  it("--wait prints each file's document id once processed, in the order given", async () => {
    const result = await runCli(
      ["documents", "upload", file("c.md"), file("d.md"), "--wait", "--category", "support"],
      cli.env,
    );
    expect(result.code).toBe(0);
    const ids = result.stdout.trim().split("\n");
    expect(ids).toEqual([
      expect.stringMatching(DOCUMENT_ID[generation]),
      expect.stringMatching(DOCUMENT_ID[generation]),
    ]);
    const { documents } = await cli.nugen.documents.list();
    // 2026-07 names the file `filename`, 2026-09 `document_name`.
    expect(ids.map((id) => documents.find((d) => d.id === id)).map((d) => d?.filename ?? d?.document_name)).toEqual([
      "c.md",
      "d.md",
    ]);
    expect(documents.find((d) => d.id === ids[0])?.categories).toEqual(["support"]);
  });

  it("a file already uploaded counts as success, with its existing id", async () => {
    const path = file("e.md");
    const first = await runCli(["documents", "upload", path, "--wait"], cli.env);
    const again = await runCli(["documents", "upload", path, "--wait", "--json"], cli.env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual([
      { file: path, upload_id: null, document_id: first.stdout.trim(), status: "READY", already_uploaded: true },
    ]);
    expect(again.stderr).toContain(`${path} is already uploaded, as ${first.stdout.trim()}.`);
  });

  it("--wait --json: a file whose processing fails is exit 4, the others still get their ids", async () => {
    const good = file("good.md");
    const bad = file("broken [fail].md");
    const result = await runCli(["documents", "upload", bad, good, "--wait", "--json"], cli.env);
    expect(result.code).toBe(4);
    const [failed, done] = JSON.parse(result.stdout);
    // On 2026-07 a failed upload never gets a document id; on 2026-09 the id it was given is the document's.
    const ids =
      generation === "2026-07"
        ? { upload_id: expect.any(String), document_id: null }
        : { upload_id: null, document_id: expect.stringMatching(DOCUMENT_ID[generation]) };
    expect(failed).toMatchObject({
      file: bad,
      ...ids,
      status: "FAILED",
      error: { type: "JobFailedError", exit_code: 4 },
    });
    expect(done).toMatchObject({
      file: good,
      document_id: expect.stringMatching(DOCUMENT_ID[generation]),
      status: "READY",
    });
    expect(result.stderr).toMatch(/nugen: Document upload \S+ ended with status FAILED/);
  });
});

describe("nugen documents upload, anywhere", () => {
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
    expect(stdout.text).toMatch(/^document_\w+\n$/);
    const frames = visibleLines(stderr.text).filter((line) => line.includes("uploading"));
    expect(frames.some((line) => /█+░*\s+\d+%\s+uploading/.test(line))).toBe(true);
    expect(frames.some((line) => line.includes("100%"))).toBe(true);
    for (const line of frames) expect([...line].length).toBeLessThanOrEqual(45);
  });
});

describe.each(generations)("nugen documents status, list (%s)", (_generation, cli) => {
  it("status shows the upload's status and, once processed, its document id", async () => {
    const [upload] = (await runCli(["documents", "upload", file("g.md")], cli.env)).stdout.trim().split("\n");
    const ready = await cli.nugen.documents.waitUntilReady(upload ?? "", { pollIntervalMs: 100 });
    const text = await runCli(["documents", "status", upload ?? ""], cli.env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(`^upload\\s+${upload}\\nstatus\\s+READY\\n(progress\\s+100%\\n)?document\\s+${ready.document_id}\\n$`),
    );
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
});

describe("nugen documents delete", () => {
  it("deletes the document (2026-07)", async () => {
    const id = await cli07.document("doomed.md");
    const result = await runCli(["documents", "delete", id], cli07.env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Deleted document ${id}.\n`);
    expect((await cli07.nugen.documents.list()).documents.map((d) => d.id)).not.toContain(id);
  });
});
