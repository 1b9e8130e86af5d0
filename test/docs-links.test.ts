/**
 * The reference's links and groups, checked without a browser: every `#/<tag>/<operation>`
 * link in the docs pages and in the spec's own descriptions opens an operation of that tag
 * (Redoc's anchors), each deprecated 2026-07 operation links to the operation that replaced
 * it, and the sidebar lists the 2026-09 generation first, each group holding only its own
 * generation's operations.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type OperationId, operations } from "../generated/operations.js";
import { spec } from "./helpers/spec.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const slug = (tag: string) => tag.toLowerCase().replaceAll(" ", "-");

interface SpecOperation {
  operationId: OperationId;
  tags: string[];
  description: string;
  deprecated?: boolean;
  "x-nugen-generation"?: string;
  "x-nugen-replaces"?: string;
}
const specOperations: SpecOperation[] = Object.values<Record<string, SpecOperation>>(spec.paths).flatMap((item) =>
  Object.values(item),
);
const byAnchor = new Map(specOperations.map((op) => [`${slug(op.tags[0]!)}/${op.operationId.toLowerCase()}`, op]));
const anchorsIn = (text: string) => [...text.matchAll(/\]\(#\/([\w-]+\/\w+)\)/g)].map((match) => match[1]!);

describe("the reference's links and groups", () => {
  it.each(["docs/generations.md", "docs/intro.md"])("%s links only to operations, under their own tag", (page) => {
    const anchors = anchorsIn(readFileSync(`${root}/${page}`, "utf8"));
    expect(anchors.length).toBeGreaterThanOrEqual(12);
    for (const anchor of anchors) expect(byAnchor.has(anchor), `${page} links to #/${anchor}`).toBe(true);
  });

  it("links every operation description to operations, under their own tag", () => {
    for (const op of specOperations) {
      for (const anchor of anchorsIn(op.description))
        expect(byAnchor.has(anchor), `${op.operationId} links to #/${anchor}`).toBe(true);
    }
  });

  it("marks each 2026-07 operation deprecated, linking to its successor or saying there is none", () => {
    const legacy = specOperations.filter((op) => op["x-nugen-generation"] === "2026-07");
    expect(legacy.length).toBeGreaterThan(15);
    for (const op of legacy) {
      expect(op.deprecated, op.operationId).toBe(true);
      expect(operations[op.operationId]).toMatchObject({ generation: "2026-07", deprecated: true });
      const successor = specOperations.find((candidate) => candidate["x-nugen-replaces"] === op.operationId);
      if (successor)
        expect(anchorsIn(op.description), op.operationId).toContain(
          `${slug(successor.tags[0]!)}/${successor.operationId.toLowerCase()}`,
        );
      else expect(op.description, op.operationId).toMatch(/No 2026-09 route was recorded|reads `UNDEPLOYED`/);
    }
    // Operations of the current generation, or of both, are never deprecated.
    for (const op of specOperations.filter((candidate) => candidate["x-nugen-generation"] !== "2026-07"))
      expect(op.deprecated, op.operationId).toBeUndefined();
  });

  it("lists the 2026-09 group first, each tag in one group, each group with its own generation's operations", () => {
    const groups: { name: string; tags: string[] }[] = spec["x-tagGroups"];
    expect(groups.map((group) => group.name)).toEqual(["API 2026-09 (current)", "API 2026-07 (deprecated)"]);
    const grouped = groups.flatMap((group) => group.tags);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(new Set(grouped)).toEqual(new Set(spec.tags.map((tag: { name: string }) => tag.name)));
    for (const op of specOperations) {
      const group = groups.find((candidate) => candidate.tags.includes(op.tags[0]!))!;
      expect(group.name.includes("2026-07"), op.operationId).toBe(op["x-nugen-generation"] === "2026-07");
    }
  });
});
