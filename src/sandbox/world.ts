/**
 * What every route shares: the store, the clock and the timing, and the questions and
 * changes that span resources (which models exist and in what state, what a model answers,
 * what an evaluation runs on, what goes with a deleted project). Route modules answer HTTP;
 * the lifecycle modules make a record and say how it evolves; this joins them. It imports
 * neither routes nor routing: what it knows is passed in by app.ts.
 */
import type { components } from "../../generated/openapi.js";
import { isoWithoutZone } from "./clock.js";
import { type Answer, alignedAnswer, baseAnswer } from "./inference/answers.js";
import { type Retriever, RetrieverCache, type Source } from "./inference/retrieval.js";
import { seedDocuments } from "./inference/seed-documents.js";
import {
  type AlignedModelSource,
  deployFails,
  initialStatus,
  type SeedBaseModel,
  type SeedModel,
} from "./lifecycle/aligned-models.js";
import type { EngineRecord } from "./lifecycle/answer-engines.js";
import { newApiKey } from "./lifecycle/api-keys.js";
import { benchmarkState } from "./lifecycle/benchmarks.js";
import { type Deployment2609, deployedSince, deployment2609, modelState } from "./lifecycle/deployments.js";
import { type DocumentRecord, documentState } from "./lifecycle/documents.js";
import {
  type Answers,
  type EvaluationRecord,
  type EvaluationState,
  evaluationOf,
  evaluationResults,
  evaluationState,
  type NewEvaluation,
} from "./lifecycle/evaluations.js";
import {
  hasModel,
  isReady,
  modelIdOf,
  modelOf,
  ownEvaluationOf,
  type ProjectRecord,
  projectState,
} from "./lifecycle/projects.js";
import type { Question } from "./lifecycle/questions.js";
import type { Timing } from "./lifecycle/timing.js";
import type { Store } from "./store.js";

type Schemas = components["schemas"];
type DomainAlignedModel = Schemas["DomainAlignedModel"];

/** How much of each of an answer engine's files is indexed. */
const INDEXED_BYTES = 1024 * 1024;

export class World {
  /** The aligned models' document indexes, for the answers they give (inference, agents, evaluations). */
  private readonly retrievers = new RetrieverCache();
  /** The answer engines' indexes of their files. */
  private readonly engineIndexes = new RetrieverCache();

  constructor(
    readonly store: Store,
    readonly timing: Timing,
    readonly now: () => number,
    readonly newId: (prefix: string) => string,
    readonly creator: string,
    private readonly seedModels: SeedModel[],
    readonly baseModels: SeedBaseModel[],
  ) {}

  // Documents

  /** A document by its `doc_...` id or by the upload id that tracks it. */
  document(id: string): DocumentRecord | undefined {
    return this.store.documents.get(id) ?? this.store.documents.find((record) => record.uploadId === id);
  }

  /** The ids among `ids` that are not processed documents (unknown, still processing or failed). */
  unusableDocuments(ids: string[]): { unknown: string[]; notReady: string[] } {
    const unknown = ids.filter((id) => !this.store.documents.get(id));
    const notReady = ids.filter((id) => {
      const record = this.store.documents.get(id);
      return record !== undefined && documentState(record, this.now(), this.timing).status !== "READY";
    });
    return { unknown, notReady };
  }

  /** Whether a document or an answer engine still holds these bytes (so the blob must stay). */
  private blobInUse(sha256: string): boolean {
    return (
      this.store.documents.find((record) => record.sha256 === sha256) !== undefined ||
      this.store.answerEngines.find((engine) => engine.files.some((file) => file.sha256 === sha256)) !== undefined
    );
  }

  /** Deletes a document, and its bytes unless an answer engine or another document holds them too. */
  deleteDocument(record: DocumentRecord): void {
    this.store.documents.delete(record.id);
    if (!this.blobInUse(record.sha256)) this.store.blobs.delete(record.sha256);
  }

  /** The start of a document's text, enough to make questions from. */
  documentText(record: DocumentRecord): string {
    return this.store.blobs.head(record.sha256, 256 * 1024)?.toString("utf8") ?? "";
  }

  // API keys

  /** Counts a request made with an accepted key; a key seen for the first time is recorded (and saved). */
  keyUsed(key: string): void {
    const now = this.now();
    const record = this.store.apiKeys.find((candidate) => candidate.key === key);
    if (record) {
      // Counted in memory: saved with the next change of any record (see lifecycle/api-keys.ts).
      record.usage++;
      record.lastUsedAt = now;
      return;
    }
    this.store.apiKeys.put(newApiKey(key, this.store.apiKeys.all().length + 1, this));
  }

  // Answer engines

  /** An answer engine's index of its files, built on first use and again when they change. */
  engineRetriever(engine: EngineRecord): Retriever {
    return this.engineIndexes.get(engine.id, engine.files.map((file) => file.sha256).join(","), () =>
      engine.files.map((file) => ({
        filename: file.filename,
        text: this.store.blobs.head(file.sha256, INDEXED_BYTES)?.toString("utf8") ?? "",
      })),
    );
  }

  // Projects

  /** Stores a new project, with the evaluation it starts when READY if it was given a benchmark. */
  addProject(project: ProjectRecord): void {
    const evaluation = ownEvaluationOf(project, this.timing);
    if (evaluation) project.evaluationId = this.newEvaluation(evaluation, { modelId: modelIdOf(project), project }).id;
    this.store.projects.put(project);
  }

  /** Deletes a project, its model's deployment and the evaluation it would have started (one started stays, as any other). */
  deleteProject(project: ProjectRecord): void {
    this.store.projects.delete(project.id);
    this.store.deployments.delete(modelIdOf(project));
    const evaluation = project.evaluationId ? this.store.evaluations.get(project.evaluationId) : undefined;
    if (evaluation && evaluation.startsAt > this.now()) this.store.evaluations.delete(evaluation.id);
  }

  // Models

  /** The aligned model with this id, if there is one now. */
  alignedModel(id: string): AlignedModelSource | undefined {
    const seed = this.seedModels.find((model) => model.id === id);
    if (seed) return { kind: "seed", seed };
    const now = this.now();
    const project = this.store.projects.find(
      (record) => modelIdOf(record) === id && hasModel(record, now, this.timing),
    );
    return project ? { kind: "project", project, ready: isReady(project, now, this.timing) } : undefined;
  }

  /** Whether a 2026-09 project still training has a checkpoint to deploy early. */
  projectCheckpoint(project: ProjectRecord): boolean {
    return projectState(project, this.now(), this.timing).deployable;
  }

  /** An aligned model's status now: the seed's own until it is deployed or undeployed here. */
  modelStatus(id: string, source: AlignedModelSource): string {
    return modelState(
      initialStatus(source),
      this.store.deployments.get(id),
      this.now(),
      this.timing,
      deployFails(id, source),
    );
  }

  /** An aligned model's deployment as the 2026-09 routes report it. */
  deployment2609(id: string, source: AlignedModelSource): Deployment2609 {
    return deployment2609(
      initialStatus(source),
      this.store.deployments.get(id),
      this.now(),
      this.timing,
      deployFails(id, source),
    );
  }

  /** Every aligned model as the list shows it: the seed, then this sandbox's projects' models. */
  alignedModels(baseUrl: string): DomainAlignedModel[] {
    const now = this.now();
    const seeds = this.seedModels.map((seed) => {
      if (!this.store.deployments.get(seed.id)) return seed;
      const status = this.modelStatus(seed.id, { kind: "seed", seed });
      return {
        ...seed,
        status,
        deployment_status: status,
        endpoint: status === "DEPLOYED" ? this.endpointOf(baseUrl, seed.id) : null,
      };
    });
    const produced = this.store.projects
      .all()
      .filter((project) => isReady(project, now, this.timing))
      .map((project) => {
        const id = modelIdOf(project);
        const status = this.modelStatus(id, { kind: "project", project, ready: true });
        return modelOf(
          project,
          this.timing,
          { status, endpoint: status === "DEPLOYED" ? this.endpointOf(baseUrl, id) : null },
          this.evaluationData(project),
        );
      });
    return [...seeds, ...produced];
  }

  /** When a model became DEPLOYED, if it is (for inference on aligned models). */
  deployedSince(id: string): number | undefined {
    const source = this.alignedModel(id);
    return source
      ? deployedSince(this.store.deployments.get(id), this.now(), this.timing, deployFails(id, source))
      : undefined;
  }

  private endpointOf(baseUrl: string, id: string): string {
    return `${baseUrl}/api/v3/inference/completions/${id}`;
  }

  /**
   * The documents an aligned model was trained on, with their text: a project's own (those
   * not deleted since), a seed model's built-in ones. `key` changes whenever they do.
   */
  private trainingDocuments(source: AlignedModelSource): { key: string; sources: () => Source[] } {
    if (source.kind === "seed") return { key: "seed", sources: () => seedDocuments(source.seed.id) };
    const records = source.project.request.document_ids.flatMap((id) => this.store.documents.get(id) ?? []);
    return {
      key: records.map((record) => record.id).join(","),
      sources: () => records.map((record) => ({ filename: record.filename, text: this.documentText(record) })),
    };
  }

  /** Whether a model can be evaluated or called: a base model or an existing aligned one. */
  modelExists(id: string): boolean {
    return this.baseModels.some((model) => model.id === id) || this.alignedModel(id) !== undefined;
  }

  /**
   * What a model answers a question: an aligned model from its training documents (the
   * passages that match), any other model as a base model, without them. `source` names an
   * aligned model that does not exist yet (a project's, evaluated once it is READY).
   */
  answer(
    modelId: string,
    question: string,
    source: AlignedModelSource | undefined = this.alignedModel(modelId),
  ): Answer {
    if (!source) return baseAnswer(modelId, question);
    const { key, sources } = this.trainingDocuments(source);
    return alignedAnswer(modelId, this.retrievers.get(modelId, key, sources), question);
  }

  /** What a model answers each question, as `answer` gives it. */
  answersOf(modelId: string, questions: Question[], source?: AlignedModelSource): string[] {
    return questions.map((question) => this.answer(modelId, question.question, source).text);
  }

  // Evaluations

  /**
   * Stores a new evaluation with its models' answers to its benchmark's questions, given now.
   * `project` is the project whose (future) model is one of them, for a project's own evaluation.
   */
  newEvaluation(fields: NewEvaluation, project?: { modelId: string; project: ProjectRecord }): EvaluationRecord {
    const questions = this.store.benchmarks.get(fields.benchmarkId)?.questions ?? [];
    const models = [fields.modelId, fields.modelId2].filter((id): id is string => typeof id === "string");
    const answers = Object.fromEntries(
      models.map((id) => [
        id,
        this.answersOf(
          id,
          questions,
          id === project?.modelId ? { kind: "project", project: project.project, ready: true } : undefined,
        ),
      ]),
    );
    const record = evaluationOf(fields, answers, this);
    this.store.evaluations.put(record);
    return record;
  }

  /** The answers an evaluation is scored on: those kept with it, else (a file of an older sandbox) given now. */
  evaluationAnswers(record: EvaluationRecord): Answers {
    if (record.answers) return record.answers;
    const questions = this.questionsOf(record);
    const models = [record.modelId, record.modelId2].filter((id): id is string => typeof id === "string");
    return Object.fromEntries(models.map((id) => [id, this.answersOf(id, questions)]));
  }

  /** An evaluation that exists now (a project's own one exists from when the project is READY). */
  evaluation(id: string): EvaluationRecord | undefined {
    const record = this.store.evaluations.get(id);
    return record && record.startsAt <= this.now() ? record : undefined;
  }

  evaluations(): EvaluationRecord[] {
    return this.store.evaluations.all().filter((record) => record.startsAt <= this.now());
  }

  /** The questions an evaluation runs on: its benchmark's, once that benchmark is ready. */
  questionsOf(record: EvaluationRecord): Question[] {
    const benchmark = this.store.benchmarks.get(record.benchmarkId);
    if (!benchmark || benchmarkState(benchmark, record.startsAt, this.timing).status !== "READY") return [];
    return benchmark.questions;
  }

  evaluationState(record: EvaluationRecord): EvaluationState {
    return evaluationState(record, this.questionsOf(record), this.now(), this.timing);
  }

  /** A project's evaluation as its model reports it, once started. */
  private evaluationData(project: ProjectRecord): Schemas["EvaluationData"] | null {
    const record = project.evaluationId ? this.evaluation(project.evaluationId) : undefined;
    if (!record) return null;
    const state = this.evaluationState(record);
    const performance = this.projectPerformance(project);
    return {
      completed_at: state.endedAt === null ? null : isoWithoutZone(state.endedAt),
      evaluation_id: record.id,
      metrics: performance
        ? { accuracy: performance.accuracy_after ?? 0, uncertainty: performance.uncertainty_after ?? 0 }
        : {},
      raw_answers_count: state.completed,
      status: state.status,
    };
  }

  /** Before and after alignment, from the project's finished evaluation; null until then. */
  projectPerformance(project: ProjectRecord): Schemas["ProjectPerformanceMetrics"] | null {
    const record = project.evaluationId ? this.evaluation(project.evaluationId) : undefined;
    if (!record) return null;
    const state = this.evaluationState(record);
    if (state.status !== "READY") return null;
    const results = evaluationResults(record, state, this.questionsOf(record), this.evaluationAnswers(record));
    const before = results.base_model?.metrics ?? {};
    const after = results.eval_model?.metrics ?? {};
    const round = (value: number) => Math.round(value * 100) / 100;
    return {
      accuracy_before: round(before.binary_correctness_mean ?? 0),
      accuracy_after: round(after.binary_correctness_mean ?? 0),
      uncertainty_before: round(1 - (before.answer_relevance_mean ?? 0)),
      uncertainty_after: round(1 - (after.answer_relevance_mean ?? 0)),
    };
  }
}
