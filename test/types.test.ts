import { describe, expectTypeOf, it } from "vitest";
import type { CreateAlignmentProjectRequest, DomainAlignedModel, Nugen } from "../src/index.js";

// `npm run typecheck` compiles this file: each @ts-expect-error must meet a real type error.
describe("types generated from openapi.yaml", () => {
  it("requires name, base_model and document_ids in a create body", () => {
    // @ts-expect-error document_ids is required
    const missingDocuments: CreateAlignmentProjectRequest = { name: "n", base_model: "m" };
    // @ts-expect-error document_ids holds strings
    const wrongItems: CreateAlignmentProjectRequest = { name: "n", base_model: "m", document_ids: [1] };
    const optionalsMayBeNull: CreateAlignmentProjectRequest = {
      name: "n",
      base_model: "m",
      document_ids: ["d"],
      workflow_id: null,
      benchmark_id: null,
      description: null,
    };
    expectTypeOf(missingDocuments).toEqualTypeOf<CreateAlignmentProjectRequest>();
    expectTypeOf(wrongItems).toEqualTypeOf<CreateAlignmentProjectRequest>();
    expectTypeOf(optionalsMayBeNull.workflow_id).toEqualTypeOf<string | null | undefined>();
  });

  it("types the helpers' results from the spec", () => {
    expectTypeOf<Nugen["models"]["listAligned"]>().returns.resolves.toEqualTypeOf<DomainAlignedModel[]>();
    expectTypeOf<DomainAlignedModel["id"]>().toEqualTypeOf<string>();
    expectTypeOf<DomainAlignedModel["last_used"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Awaited<ReturnType<Nugen["alignmentProjects"]["create"]>>["id"]>().toEqualTypeOf<string>();
  });
});
