import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { useCliSandbox } from "./helpers/cli-sandbox.js";

const cli = useCliSandbox();
const dir = mkdtempSync(join(tmpdir(), "nugen-cli-benchmarks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUESTIONS = [
  { question_num: 1, question: "How long do refunds take?", answer: "5 business days." },
  { question_num: 2, question: "Who pays for defective returns?", answer: "We do." },
];

function questionsFile(): string {
  const path = join(dir, "questions.json");
  writeFileSync(path, JSON.stringify(QUESTIONS));
  return path;
}

describe("nugen benchmarks create", () => {
  it("prints the new id; --wait follows it to READY", async () => {
    const document = await cli.document();
    const result = await runCli(["benchmarks", "create", "--document", document, "--questions", "3", "--wait"], cli.env);
    expect(result.stderr).not.toContain("nugen:");
    expect(result.code).toBe(0);
    const [id, ...status] = result.stdout.trimEnd().split("\n");
    expect(id).toMatch(/^benchmark_\w+$/);
    expect(status.join("\n")).toMatch(new RegExp(`^benchmark\\s+${id}\\n(name\\s+.+\\n)?status\\s+READY`));
    expect((await cli.nugen.benchmarks.retrieve(id ?? "")).questions).toHaveLength(3);
  });

  it("--json without --wait prints the created benchmark", async () => {
    const result = await runCli(["benchmarks", "create", "--document", await cli.document(), "--questions", "2", "--json"], cli.env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: expect.stringMatching(/^benchmark_/), status: "PROCESSING" });
  });

  it("input errors name the flags: --questions 0, a --document not processed", async () => {
    const zero = await runCli(["benchmarks", "create", "--document", "doc_x", "--questions", "0"], cli.env);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/^nugen: Invalid input: --questions must be >= 1\./);
    const missing = await runCli(["benchmarks", "create", "--questions", "3"], cli.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--document <id>' not specified");
  });
});

describe("nugen benchmarks upload", () => {
  it("uploads a file given as FILE or with --file and prints the id", async () => {
    const document = await cli.document();
    const positional = await runCli(["benchmarks", "upload", questionsFile(), "--name", "Hand-written", "--document", document], cli.env);
    expect(positional.code).toBe(0);
    expect(positional.stdout).toMatch(/^benchmark_\w+\n$/);
    const flag = await runCli(["benchmarks", "upload", "--file", questionsFile(), "--name", "Flagged", "--document", document, "--description", "by hand", "--json"], cli.env);
    expect(flag.code).toBe(0);
    const { id } = JSON.parse(flag.stdout);
    const data = await cli.nugen.benchmarks.retrieve(id);
    expect(data.questions?.map((q) => q.question)).toEqual(QUESTIONS.map((q) => q.question));
  });

  it("needs its file once: neither, or both, is a usage error", async () => {
    const neither = await runCli(["benchmarks", "upload", "--name", "N", "--document", "doc_x"], cli.env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("nugen: Give the benchmark's file once: as FILE or with --file.");
    const missing = await runCli(["benchmarks", "upload", "--file", join(dir, "absent.json"), "--name", "N", "--document", "doc_x"], cli.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`nugen: --file ${join(dir, "absent.json")} cannot be read (no such file).`);
  });
});

describe("nugen benchmarks status, show, list", () => {
  it("status, show (the questions) and list, in text and JSON", async () => {
    const id = await cli.benchmark();
    const status = await runCli(["benchmarks", "status", id], cli.env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^benchmark\\s+${id}\\n`));
    expect(status.stdout).toMatch(/status\s+READY/);
    expect(JSON.parse((await runCli(["benchmarks", "status", id, "--json"], cli.env)).stdout)).toMatchObject({ id, status: "READY" });

    const show = await runCli(["benchmarks", "show", id], cli.env);
    expect(show.code).toBe(0);
    const data = await cli.nugen.benchmarks.retrieve(id);
    for (const [i, q] of (data.questions ?? []).entries()) expect(show.stdout).toContain(`${q.question_num ?? i + 1}. ${q.question}\n   → ${q.answer}`);
    expect(JSON.parse((await runCli(["benchmarks", "show", id, "--json"], cli.env)).stdout)).toEqual(JSON.parse(JSON.stringify(data)));

    const list = await runCli(["benchmarks", "list"], cli.env);
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout.trimEnd().split("\n");
    expect(header?.split(/\s{2,}/)).toEqual(["ID", "NAME", "STATUS", "QUESTIONS", "DOCUMENTS", "CREATED"]);
    expect(rows.some((row) => row.startsWith(id))).toBe(true);
    expect(JSON.parse((await runCli(["benchmarks", "list", "--json"], cli.env)).stdout).benchmarks.map((b: { benchmark_id?: string; id?: string }) => b.benchmark_id ?? b.id)).toContain(id);
  });
});
