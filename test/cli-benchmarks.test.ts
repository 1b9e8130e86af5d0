import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchmarkData } from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { useCliSandbox } from "./helpers/cli-sandbox.js";

/** The default sandbox speaks 2026-09; the other, 2026-07 alone. */
const cli = useCliSandbox();
const cli07 = useCliSandbox({ generation: "2026-07" });
const generations = [
  ["2026-09", cli],
  ["2026-07", cli07],
] as const;
const dir = mkdtempSync(join(tmpdir(), "nugen-cli-benchmarks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUESTIONS = [
  { question_num: 1, question: "How long do refunds take?", answer: "5 business days." },
  { question_num: 2, question: "Who pays for defective returns?", answer: "We do." },
];
/** The same questions in 2026-09's names. */
const SAMPLES = QUESTIONS.map(({ question_num, question, answer }) => ({
  sample_num: question_num,
  instruction: question,
  response: answer,
}));

function questionsFile(items: object[] = QUESTIONS): string {
  const path = join(dir, `questions-${items === QUESTIONS ? "07" : "09"}.json`);
  writeFileSync(path, JSON.stringify(items));
  return path;
}

/** A benchmark's questions as `{question_num, question, answer}`, from either generation's data. */
function questionsOf(data: BenchmarkData, generation: string) {
  if (generation === "2026-07") return data.questions;
  return data.samples?.map((sample) => ({
    question_num: sample.sample_num,
    question: sample.instruction,
    answer: sample.response,
  }));
}

describe.each(generations)("nugen benchmarks create (%s)", (generation, cli) => {
  it("prints the new id; --wait follows it to READY", async () => {
    const document = await cli.document();
    const result = await runCli(
      ["benchmarks", "create", "--document", document, "--questions", "3", "--wait"],
      cli.env,
    );
    expect(result.stderr).not.toContain("nugen:");
    expect(result.code).toBe(0);
    const [id, ...status] = result.stdout.trimEnd().split("\n");
    expect(id).toMatch(/^benchmark_\w+$/);
    expect(status.join("\n")).toMatch(new RegExp(`^benchmark\\s+${id}\\n(name\\s+.+\\n)?status\\s+READY`));
    expect(questionsOf(await cli.nugen.benchmarks.retrieve(id ?? ""), generation)).toHaveLength(3);
  });

  it("--json without --wait prints the created benchmark", async () => {
    const result = await runCli(
      ["benchmarks", "create", "--document", await cli.document(), "--questions", "2", "--json"],
      cli.env,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: expect.stringMatching(/^benchmark_/), status: "PROCESSING" });
  });

  it("input errors name the flags: --questions 0, a --document not processed", async () => {
    // On 2026-09 the body field is n_samples: the message still names the flag typed.
    const zero = await runCli(["benchmarks", "create", "--document", "doc_x", "--questions", "0"], cli.env);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/^nugen: Invalid input: --questions must be >= 1\./);
    const missing = await runCli(["benchmarks", "create", "--questions", "3"], cli.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--document <id>' not specified");
  });
});

describe.each(generations)("nugen benchmarks upload (%s)", (generation, cli) => {
  it("uploads a file given as FILE or with --file and prints the id", async () => {
    const document = await cli.document();
    const positional = await runCli(
      ["benchmarks", "upload", questionsFile(), "--name", "Hand-written", "--document", document],
      cli.env,
    );
    expect(positional.code).toBe(0);
    expect(positional.stdout).toMatch(/^benchmark_\w+\n$/);
    const flag = await runCli(
      [
        "benchmarks",
        "upload",
        "--file",
        questionsFile(),
        "--name",
        "Flagged",
        "--document",
        document,
        "--description",
        "by hand",
        "--json",
      ],
      cli.env,
    );
    expect(flag.code).toBe(0);
    const { id } = JSON.parse(flag.stdout);
    const data = await cli.nugen.benchmarks.retrieve(id);
    expect(questionsOf(data, generation)?.map((q) => q.question)).toEqual(QUESTIONS.map((q) => q.question));
  });

  it("takes a file in either generation's names and sends it in the server's", async () => {
    const document = await cli.document();
    for (const items of [QUESTIONS, SAMPLES]) {
      const result = await runCli(
        ["benchmarks", "upload", questionsFile(items), "--name", "Either", "--document", document, "--json"],
        cli.env,
      );
      expect(result.code, result.stderr).toBe(0);
      const data = await cli.nugen.benchmarks.retrieve(JSON.parse(result.stdout).id);
      expect(questionsOf(data, generation)).toEqual(QUESTIONS.map((q) => expect.objectContaining(q)));
    }
  });

  it("needs its file once: neither, or both, is a usage error", async () => {
    const neither = await runCli(["benchmarks", "upload", "--name", "N", "--document", "doc_x"], cli.env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("nugen: Give the benchmark's file once: as FILE or with --file.");
    const missing = await runCli(
      ["benchmarks", "upload", "--file", join(dir, "absent.json"), "--name", "N", "--document", "doc_x"],
      cli.env,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`nugen: --file ${join(dir, "absent.json")} cannot be read (no such file).`);
  });
});

describe.each(generations)("nugen benchmarks status, show (%s)", (generation, cli) => {
  it("status and show (the questions), in text and JSON", async () => {
    const id = await cli.benchmark();
    const status = await runCli(["benchmarks", "status", id], cli.env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^benchmark\\s+${id}\\n`));
    expect(status.stdout).toMatch(/status\s+READY/);
    expect(JSON.parse((await runCli(["benchmarks", "status", id, "--json"], cli.env)).stdout)).toMatchObject({
      id,
      status: "READY",
    });

    const show = await runCli(["benchmarks", "show", id], cli.env);
    expect(show.code).toBe(0);
    const data = await cli.nugen.benchmarks.retrieve(id);
    const questions = questionsOf(data, generation) ?? [];
    expect(questions).toHaveLength(3);
    for (const [i, q] of questions.entries())
      expect(show.stdout).toContain(`${q.question_num ?? i + 1}. ${q.question}\n   → ${q.answer}`);
    expect(JSON.parse((await runCli(["benchmarks", "show", id, "--json"], cli.env)).stdout)).toEqual(
      JSON.parse(JSON.stringify(data)),
    );
  });
});

describe("nugen benchmarks list", () => {
  it("lists the benchmarks in text and JSON (2026-07)", async () => {
    const id = await cli07.benchmark();
    const list = await runCli(["benchmarks", "list"], cli07.env);
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout.trimEnd().split("\n");
    expect(header?.split(/\s{2,}/)).toEqual(["ID", "NAME", "STATUS", "QUESTIONS", "DOCUMENTS", "CREATED"]);
    expect(rows.some((row) => row.startsWith(id))).toBe(true);
    expect(
      JSON.parse((await runCli(["benchmarks", "list", "--json"], cli07.env)).stdout).benchmarks.map(
        (b: { benchmark_id?: string; id?: string }) => b.benchmark_id ?? b.id,
      ),
    ).toContain(id);
  });

  it("is refused before sending on 2026-09, which has no such route", async () => {
    const result = await runCli(["benchmarks", "list"], cli.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'nugen: listBenchmarks has no route in the 2026-09 generation of the Nugen API, which this server speaks; nothing was sent. See the docs\' "API generations" page for what replaced it.\n',
    );
  });
});
