import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { apiGenerations, operations } from "../generated/operations.js";
import { specPath } from "./helpers/spec.js";

const exec = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), "nugen-spec-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function check(spec: string) {
  return exec("npx", ["tsx", "scripts/generate.ts", "--check", "--spec", spec]).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stderr: string }) => ({ code: error.code, output: error.stderr }),
  );
}

describe("check:generated", () => {
  it("passes for the committed spec", async () => {
    expect(await check(specPath)).toMatchObject({ code: 0 });
  });

  it("fails when a field of openapi.yaml changes without regenerating", async () => {
    const original = readFileSync(specPath, "utf8");
    const changed = original.replace(
      "Name of the aligned model (2026-07).",
      "Display name of the aligned model (2026-07).",
    );
    expect(changed).not.toBe(original);
    const copy = join(scratch, "openapi.yaml");
    writeFileSync(copy, changed);
    const result = await check(copy);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/openapi\.ts differs.*\n.*npm run generate/s);
  });

  it.each([
    [
      "x-nugen-replaces: uploadDocuments\n",
      "x-nugen-replaces: uploadDocumentz\n",
      /uploadDocuments2609 replaces uploadDocumentz, which is no operation/,
    ],
    [
      "x-nugen-generation: '2026-09'\n      x-nugen-replaces: listDocuments\n",
      "x-nugen-generation: '2026-08'\n      x-nugen-replaces: listDocuments\n",
      /listDocuments2609 has x-nugen-generation 2026-08, not one of 2026-07, 2026-09/,
    ],
    // A request schema with a keyword src/core/schema-check.ts does not check.
    [
      "    PathId:\n      type: string\n",
      "    PathId:\n      type: string\n      uniqueItems: true\n",
      /#\/components\/schemas\/PathId\/uniqueItems: src\/core\/schema-check\.ts does not check "uniqueItems"/,
    ],
  ])(
    "refuses an operation marked wrongly, or a request schema the checker cannot read (%#)",
    async (from, to, message) => {
      const original = readFileSync(specPath, "utf8");
      const changed = original.replace(from, to);
      expect(changed).not.toBe(original);
      const copy = join(scratch, "marked.yaml");
      writeFileSync(copy, changed);
      const result = await check(copy);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(message);
    },
  );
});

describe("the operation table's API generations", () => {
  it("lists the generations, and marks each operation of one generation with it, its predecessor and renamed body fields", () => {
    expect(apiGenerations).toEqual(["2026-07", "2026-09"]);
    expect(operations.createAlignmentProject2609).toMatchObject({
      path: "/api/v3/alignment-projects/create",
      generation: "2026-09",
      replaces: "createAlignmentProject",
      renamedFrom: { alignment_name: "name", base_model_id: "base_model" },
    });
    expect(operations.createBenchmark2609).toMatchObject({
      renamedFrom: { document_ids: "documents", n_samples: "num_questions" },
    });
    expect(operations.uploadBenchmark2609).toMatchObject({ renamedFrom: { benchmark_name: "name" } });
    expect(operations.createEvaluation2609).toMatchObject({ renamedFrom: { baseline_model_id: "model_id_2" } });
    expect(operations.createAlignmentProject).toMatchObject({ generation: "2026-07", deprecated: true });
    expect(operations.listAlignmentProjects).toMatchObject({ generation: "2026-09" });
    expect(operations.listAlignmentProjects).not.toHaveProperty("replaces");
    // Shared by both: no marking at all.
    for (const id of [
      "listAlignedModels",
      "listBaseModels",
      "getEvaluationStatus",
      "getEvaluationResults",
      "createChatCompletion",
      "getOpenApiDocument",
    ] as const) {
      expect(Object.keys(operations[id]), id).not.toEqual(expect.arrayContaining(["generation"]));
      expect(operations[id], id).not.toHaveProperty("deprecated");
    }
    // Every replaced operation is of another generation, and every 2026-07 one is deprecated.
    for (const [id, entry] of Object.entries(operations) as [
      string,
      { generation?: string; replaces?: string; deprecated?: boolean },
    ][]) {
      if (entry.replaces)
        expect((operations as Record<string, { generation?: string }>)[entry.replaces]?.generation, id).toBe("2026-07");
      expect(Boolean(entry.deprecated), id).toBe(entry.generation === "2026-07");
    }
  });
});
