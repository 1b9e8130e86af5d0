/** Public names for the types generated from openapi.yaml (never restated by hand). */
import type { components, operations, paths } from "../generated/openapi.js";

type Schemas = components["schemas"];

export type { components, operations, paths };
export type DomainAlignedModel = Schemas["DomainAlignedModel"];
export type PerformanceMetrics = Schemas["PerformanceMetrics"];
export type EvaluationData = Schemas["EvaluationData"];
export type ModelStatus = Schemas["ModelStatus"];
export type Timestamp = Schemas["Timestamp"];
export type ListAlignedModelsResponse = Schemas["ListAlignedModelsResponse"];
export type CreateAlignmentProjectRequest = Schemas["CreateAlignmentProjectRequest"];
export type CreateAlignmentProjectResponse = Schemas["CreateAlignmentProjectResponse"];
export type AlignmentStatus = Schemas["AlignmentStatus"];
export type AlignmentProject = Schemas["AlignmentProject"];
export type AlignmentStatusResponse = Schemas["AlignmentStatusResponse"];
export type ErrorBody = Schemas["ErrorBody"];
export type HTTPValidationError = Schemas["HTTPValidationError"];
export type ValidationErrorEntry = Schemas["ValidationError"];

/** What `alignmentProjects.create` resolves to: the server's answer, with `id` always set. */
export type CreatedAlignmentProject = CreateAlignmentProjectResponse & { id: string; status: string };
