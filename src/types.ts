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

// Documents
export type UploadDocumentsBody = RequestBody<"uploadDocuments">;
export type UploadedDocuments = { document_ids: string[] } & Record<string, unknown>;
export type DocumentUploadStatus = SuccessData<"getDocumentStatus">;
export type DocumentList = SuccessData<"listDocuments">;
export type DocumentInfo = NonNullable<DocumentList["documents"]>[number];
export type DeletedDocument = SuccessData<"deleteDocument">;

// Benchmarks
export type CreateBenchmarkRequest = RequestBody<"createBenchmark">;
export type CreatedBenchmark = SuccessData<"createBenchmark"> & { id: string };
export type BenchmarkStatusResponse = SuccessData<"getBenchmarkStatus">;
export type BenchmarkData = SuccessData<"getBenchmarkData">;
export type BenchmarkList = SuccessData<"listBenchmarks">;
export type Benchmark = NonNullable<BenchmarkList["benchmarks"]>[number];

// Alignment projects
export type CreateAlignmentProjectRequest = RequestBody<"createAlignmentProject">;
export type CreateAlignmentProjectResponse = SuccessData<"createAlignmentProject">;
/** What `alignmentProjects.create` resolves to: the server's answer, with `id` always set. */
export type CreatedAlignmentProject = CreateAlignmentProjectResponse & { id: string; status: string };
export type AlignmentStatusResponse = SuccessData<"getAlignmentStatus">;
export type AlignmentStatus = Schemas["AlignmentStatus"];
export type AlignmentProject = SuccessData<"getAlignmentProject">;
export type DeletedAlignmentProject = SuccessData<"deleteAlignmentProject">;

// Models and deployment
export type DomainAlignedModel = Schemas["DomainAlignedModel"];
export type PerformanceMetrics = Schemas["PerformanceMetrics"];
export type EvaluationData = Schemas["EvaluationData"];
export type ModelStatus = Schemas["ModelStatus"];
export type ListAlignedModelsResponse = SuccessData<"listAlignedModels">;
export type BaseModel = NonNullable<SuccessData<"listBaseModels">["models"]>[number];
/** What deploy and undeploy resolve to: the model whose task started. */
export type StartedDeployment = { model_id: string } & Record<string, unknown>;
export type DeploymentTask = SuccessData<"getDeploymentStatus">;

// Evaluations
export type CreateEvaluationRequest = RequestBody<"createEvaluation">;
export type CreatedEvaluation = SuccessData<"createEvaluation"> & { id: string };
export type ListEvaluationsParams = QueryParams<"listEvaluations">;
export type EvaluationList = SuccessData<"listEvaluations">;
export type Evaluation = NonNullable<EvaluationList["evaluations"]>[number];
export type EvaluationStatusResponse = SuccessData<"getEvaluationStatus">;
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
