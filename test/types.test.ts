import { describe, expectTypeOf, it } from "vitest";
import type {
  AlignmentStatusResponse,
  CreateAlignmentProjectRequest,
  DocumentUploadStatus,
  DomainAlignedModel,
  ListAlignedModelsResponse,
  Nugen,
  Undocumented,
} from "../src/index.js";

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

  it("refuses a misspelled field; undocumented ones are reached through Undocumented<T>", () => {
    const model = {} as DomainAlignedModel;
    // @ts-expect-error perfomance_metrics is a misspelling of performance_metrics
    const misspelled = model.perfomance_metrics;
    const extra = (model as Undocumented<DomainAlignedModel>).gpu_hours;
    expectTypeOf(extra).toEqualTypeOf<unknown>();
    expectTypeOf(misspelled).toBeAny();
  });

  it("offers the known statuses while accepting any string", () => {
    type Status = DocumentUploadStatus["status"];
    expectTypeOf<"READY">().toMatchTypeOf<Status>();
    expectTypeOf<"SOMETHING_NEW">().toMatchTypeOf<Status>();
    // The known words are members of the union (an editor lists them), not swallowed by `string`.
    expectTypeOf<Extract<Status, "READY" | "FAILED">>().toEqualTypeOf<"READY" | "FAILED">();
    expectTypeOf<Extract<AlignmentStatusResponse["status"], "EVALUATED">>().toEqualTypeOf<"EVALUATED">();
  });
});

describe("nugen.api", () => {
  it("resolves to data and response only: it throws instead of returning `error`", async () => {
    const api = {} as Nugen["api"];
    const call = () => api.GET("/api/v3/models/aligned");
    type Result = Awaited<ReturnType<typeof call>>;
    expectTypeOf<keyof Result>().toEqualTypeOf<"data" | "response">();
    expectTypeOf<Result["data"]>().toEqualTypeOf<ListAlignedModelsResponse>();
    const status = () => api.GET("/api/v3/documents/{id}", { params: { path: { id: "upl_1" } } });
    expectTypeOf<Awaited<ReturnType<typeof status>>["data"]>().toMatchTypeOf<DocumentUploadStatus>();
    // @ts-expect-error a path the spec does not have
    const unknownPath = () => api.GET("/api/v3/nope");
    expectTypeOf(unknownPath).toBeFunction();
  });

  it("keeps internals off the public type", () => {
    expectTypeOf<keyof Nugen>().toEqualTypeOf<
      | "api"
      | "apiGeneration"
      | "baseUrl"
      | "documents"
      | "benchmarks"
      | "alignmentProjects"
      | "models"
      | "evaluations"
      | "chat"
      | "completions"
      | "embeddings"
      | "rerank"
      | "agents"
      | "answerEngines"
      | "apiKeys"
    >();
  });
});
