/**
 * Public names for the types generated from openapi.yaml (never restated by hand). Most are
 * taken from an operation (its body, its query, its answer), so they follow the spec even
 * when a schema is renamed.
 */
import type { components, operations, paths } from "../generated/openapi.js";
import type { QueryParams, RequestBody, SuccessData } from "./core/request.js";

type Schemas = components["schemas"];

export type { components, operations, paths };
export type Timestamp = Schemas["Timestamp"];
export type ErrorBody = Schemas["ErrorBody"];
export type HTTPValidationError = Schemas["HTTPValidationError"];
export type ValidationErrorEntry = Schemas["ValidationError"];

/*
 * Where the two API generations (2026-07, 2026-09) answer in different shapes, a result type
 * is the union of the fields both may send (`Both<A, B>`: every field optional unless both
 * have it) with the normalized fields the SDK always sets (`id`, `document_id`, `status`, ...),
 * so code that reads the normalized ones compiles and runs on either. Inputs take either
 * generation's field names.
 */
type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];
type Optional<A, B> =
  | (keyof A & keyof B & (OptionalKeys<A> | OptionalKeys<B>))
  | Exclude<keyof A, keyof B>
  | Exclude<keyof B, keyof A>;
type Both<A, B> = { [K in Exclude<keyof A & keyof B, Optional<A, B>>]: A[K] | B[K] } & {
  [K in Optional<A, B>]?: (K extends keyof A ? A[K] : never) | (K extends keyof B ? B[K] : never);
};

// Documents
export type UploadDocumentsBody = RequestBody<"uploadDocuments"> | RequestBody<"uploadDocuments2609">;
export type UploadedDocuments = { document_ids: string[] } & Record<string, unknown>;
/** An upload's status; `document_id` is set once READY (on 2026-09 it is the upload's own id). */
export type DocumentUploadStatus = Both<SuccessData<"getDocumentStatus">, SuccessData<"getDocumentStatus2609">> & {
  document_id?: string | null;
};
export type DocumentInfo = Both<
  NonNullable<SuccessData<"listDocuments">["documents"]>[number],
  SuccessData<"listDocuments2609">["documents"][number]
> & {
  id: string;
  document_id: string;
};
/** Every document (on 2026-09, every page walked); `categories` only where the server counts them. */
export type DocumentList = Omit<Both<SuccessData<"listDocuments">, SuccessData<"listDocuments2609">>, "documents"> & {
  documents: DocumentInfo[];
};
export type DeletedDocument = SuccessData<"deleteDocument">;

// Benchmarks
export type CreateBenchmarkRequest = RequestBody<"createBenchmark"> | RequestBody<"createBenchmark2609">;
export type CreatedBenchmark = Both<SuccessData<"createBenchmark">, SuccessData<"createBenchmark2609">> & {
  id: string;
};
export type BenchmarkStatusResponse = Both<SuccessData<"getBenchmarkStatus">, SuccessData<"getBenchmarkStatus2609">>;
export type BenchmarkData = Both<SuccessData<"getBenchmarkData">, SuccessData<"getBenchmarkData2609">>;
export type BenchmarkList = SuccessData<"listBenchmarks">;
export type Benchmark = NonNullable<BenchmarkList["benchmarks"]>[number];

// Alignment projects
export type CreateAlignmentProjectRequest =
  | RequestBody<"createAlignmentProject">
  | RequestBody<"createAlignmentProject2609">;
export type CreateAlignmentProjectResponse = Both<
  SuccessData<"createAlignmentProject">,
  SuccessData<"createAlignmentProject2609">
>;
/** What `alignmentProjects.create` resolves to: the server's answer, with `id` always set. */
export type CreatedAlignmentProject = CreateAlignmentProjectResponse & { id: string; status: string };
/**
 * A project's status. On 2026-09 the status route has no `data`: the SDK fills `data` (progress,
 * error) from the status and, once the project is READY, `model_id` and `evaluation_id` (top
 * level and in `data`) from the project itself, as 2026-07 sends them.
 */
export type AlignmentStatusResponse = Both<SuccessData<"getAlignmentStatus">, SuccessData<"getAlignmentStatus2609">> & {
  data?: SuccessData<"getAlignmentStatus">["data"];
  /** The project's id, set by `waitUntilDone` (a 2026-09 status names none). */
  id?: string;
  model_id?: string | null;
  evaluation_id?: string | null;
};
export type AlignmentStatus = Schemas["AlignmentStatus"];
export type AlignmentProject = Both<SuccessData<"getAlignmentProject">, SuccessData<"getAlignmentProject2609">>;
export type AlignmentProjectSummary = SuccessData<"listAlignmentProjects">["alignment_projects"][number] & {
  id: string;
};
export type AlignmentProjectList = SuccessData<"listAlignmentProjects">;
export type DeletedAlignmentProject = SuccessData<"deleteAlignmentProject">;

// Models and deployment
/** An aligned model; `id`, `name`, `base_model` and `status` are set whichever generation's names the server used. */
export type DomainAlignedModel = Schemas["DomainAlignedModel"] & {
  id: string;
  name: string | null;
  base_model: string | null;
  status: Schemas["ModelStatus"] | null;
};
export type PerformanceMetrics = Schemas["PerformanceMetrics"];
export type EvaluationData = Schemas["EvaluationData"];
export type ModelStatus = Schemas["ModelStatus"];
export type ListAlignedModelsResponse = SuccessData<"listAlignedModels">;
/** A base model; `id` and `name` are set whichever generation's names the server used. */
export type BaseModel = NonNullable<SuccessData<"listBaseModels">["models"]>[number] & {
  id: string;
  name: string | null;
};
/** One aligned model in full (2026-09's `GET /models/{id}`; on 2026-07, its entry in the aligned list). */
export type Model = Both<SuccessData<"getModel">, Schemas["DomainAlignedModel"]> & { id: string; model_id: string };
/** What deploy and undeploy resolve to: the model whose task started. */
export type StartedDeployment = { model_id: string } & Record<string, unknown>;
/** A deploy or undeploy task (2026-07) or the deployment's own status (2026-09). */
export type DeploymentTask = Both<SuccessData<"getDeploymentStatus">, SuccessData<"getDeploymentStatus2609">>;

// Evaluations
export type CreateEvaluationRequest = RequestBody<"createEvaluation"> | RequestBody<"createEvaluation2609">;
export type CreatedEvaluation = Both<SuccessData<"createEvaluation">, SuccessData<"createEvaluation2609">> & {
  id: string;
};
export type EvaluationDetail = SuccessData<"getEvaluation"> & { id: string };
export type ListEvaluationsParams = QueryParams<"listEvaluations">;
export type EvaluationList = SuccessData<"listEvaluations">;
export type Evaluation = NonNullable<EvaluationList["evaluations"]>[number];
export type EvaluationStatusResponse = Both<SuccessData<"getEvaluationStatus">, SuccessData<"getEvaluation">>;
export type EvaluationResults = SuccessData<"getEvaluationResults">;
export type DeletedEvaluation = SuccessData<"deleteEvaluation">;

// Inference
export type ChatCompletionRequest = RequestBody<"createChatCompletion">;
export type ChatMessage = Schemas["ChatMessage"];
export type ChatCompletion = SuccessData<"createChatCompletion">;
export type ChatCompletionChunk = Schemas["ChatCompletionChunk"];
export type CompletionRequest = RequestBody<"createCompletion">;
export type Completion = SuccessData<"createCompletion">;
export type CompletionChunk = Schemas["CompletionChunk"];
export type EmbeddingsRequest = RequestBody<"createEmbeddings">;
export type EmbeddingList = SuccessData<"createEmbeddings">;
export type RerankRequest = RequestBody<"createRerank">;
export type RerankResponse = SuccessData<"createRerank">;

// Agents
export type Agent = Schemas["Agent"];
export type AgentStatus = Schemas["AgentStatus"];
export type AgentDemonstration = Schemas["AgentDemonstration"];
export type CreateAgentRequest = RequestBody<"createAgent">;
export type UpdateAgentRequest = RequestBody<"updateAgent">;
export type ListAgentsParams = QueryParams<"listAgents">;
/** What `agents.delete` resolves to: the agent deleted, with any message the server sent. */
export type DeletedAgent = { id: string; deleted: true } & Record<string, unknown>;
export type RunAgentRequest = RequestBody<"runAgent">;
export type AgentRunResult = Schemas["AgentRunResult"];
export type AgentUsage = Schemas["AgentUsage"];
export type AgentModel = Schemas["AgentModel"];
export type ModelType = Schemas["ModelType"];

// Answer engines
export type CreateAnswerEngineBody = RequestBody<"createAnswerEngine">;
export type AnswerEngine = Schemas["AnswerEngine"];
export type AnswerEngineStatus = Schemas["AnswerEngineStatus"];
export type AnswerEngineChatRequest = RequestBody<"chatWithAnswerEngine">;
export type AnswerEngineChatAnswer = SuccessData<"chatWithAnswerEngine">;
export type AnswerEngineRetrieveRequest = RequestBody<"retrieveFromAnswerEngine">;
export type AnswerEngineRetrieval = SuccessData<"retrieveFromAnswerEngine">;
export type RetrievedPassage = Schemas["RetrievedPassage"];
export type UpdateSystemPromptRequest = RequestBody<"updateAnswerEngineSystemPrompt">;
export type SystemPromptStored = SuccessData<"updateAnswerEngineSystemPrompt">;

// API keys
export type ApiKey = Schemas["ApiKey"];

/**
 * A result with the fields the spec does not document. The SDK keeps every field the server
 * sends, but its types name only documented ones, so a misspelling does not compile:
 * `(model as Undocumented<typeof model>).new_field` reaches a field the API has added since.
 */
export type Undocumented<T> = T & Record<string, unknown>;
