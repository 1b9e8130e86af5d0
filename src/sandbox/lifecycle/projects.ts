/**
 * Alignment projects, derived from when they were created:
 *
 *   PROCESSING (progress rising 0 → 99) → READY at `jobMs`: its model appears UNDEPLOYED
 *   PROCESSING → FAILED at 60% of `jobMs` when the project's name contains "[fail]"
 *
 * A project created through the 2026-09 route waits in the queue first, has a `model_...`
 * id from when it starts training, can deploy a checkpoint from halfway, and fails fast, as
 * the live API's did when its training backend was down:
 *
 *   QUEUED (first 10%) → PROCESSING → READY at `jobMs`; → FAILED at 15% with "[fail]"
 *
 * The model deploys only when asked (see deployments.ts). A project created with a benchmark
 * starts an evaluation of its model against the base model when it is READY.
 */
import type { components } from "../../../generated/openapi.js";
import { isoWithoutZone, spaceTimestamp } from "../clock.js";
import type { Creation } from "./creation.js";
import type { NewEvaluation } from "./evaluations.js";
import { elapsed, endsAt, FAIL_MARKER, type Timing } from "./timing.js";

type Schemas = components["schemas"];
type CreateAlignmentProjectRequest = Schemas["CreateAlignmentProjectRequest"];

export interface ProjectRecord {
  id: string;
  /** What was asked, in the 2026-07 names whichever route asked it. */
  request: CreateAlignmentProjectRequest;
  /** Set for a project created through the 2026-09 route. */
  generation?: "2026-09";
  /** The model's id, `model_...`, for a 2026-09 project; else derived from the name. */
  modelId?: string;
  /** Sandbox clock time of creation, in ms. */
  createdAt: number;
  creator: string;
  /** The evaluation it starts when READY (projects with a benchmark); absent in version 1 files. */
  evaluationId?: string | null;
}

/** A new project, created now; one created through the 2026-09 route has its `model_...` id from the start. */
export function newProject(
  request: CreateAlignmentProjectRequest,
  creation: Creation,
  generation?: "2026-09",
): ProjectRecord {
  return {
    id: creation.newId("alignment_"),
    request,
    ...(generation ? { generation, modelId: creation.newId("model_") } : {}),
    createdAt: creation.now(),
    creator: creation.creator,
    evaluationId: null,
  };
}

/** A 2026-09 request in the 2026-07 names a project keeps. */
export function requestOf2609(body: Schemas["CreateAlignmentProjectRequest2609"]): CreateAlignmentProjectRequest {
  const { alignment_name, base_model_id, ...rest } = body;
  return { ...rest, name: alignment_name, base_model: base_model_id };
}

/**
 * The evaluation a project given a benchmark starts when READY: its base model (first)
 * against its aligned one. None for a project without a benchmark or one that fails.
 */
export function ownEvaluationOf(project: ProjectRecord, timing: Timing): NewEvaluation | undefined {
  const startsAt = readyAt(project, timing);
  const benchmarkId = project.request.benchmark_id ?? null;
  if (benchmarkId === null || startsAt === undefined) return undefined;
  const generation = project.generation ? { generation: project.generation } : {};
  return {
    modelId: project.request.base_model,
    modelId2: modelIdOf(project),
    benchmarkId,
    startsAt,
    alignmentId: project.id,
    ...generation,
  };
}

const FAIL_AT = 0.6;
/** A 2026-09 project fails fast, as the live API's did when training could not start. */
const FAIL_FAST_AT = 0.15;
/** Share of a 2026-09 project's job spent waiting in the queue. */
const QUEUED_UNTIL = 0.1;
/** From this share of the job on, a 2026-09 project's newest checkpoint can be deployed. */
const CHECKPOINT_AT = 0.5;

export function asksToFail(record: ProjectRecord): boolean {
  return record.request.name.toLowerCase().includes(FAIL_MARKER);
}

export type ProjectStatus = "QUEUED" | "PROCESSING" | "READY" | "FAILED";

export interface ProjectState {
  status: ProjectStatus;
  progress: number;
  /** Sandbox clock time the job ended, or will end; null while it runs. */
  endedAt: number | null;
  /** Simulated ms left, while it runs. */
  leftMs: number | null;
  /** Place in the training queue while QUEUED. */
  queuePosition: number | null;
  /** Whether a checkpoint (or the finished model) can be deployed. */
  deployable: boolean;
  /** When the state last changed, in sandbox clock ms. */
  changedAt: number;
}

/** Where a project stands at `now`. */
export function projectState(record: ProjectRecord, now: number, timing: Timing): ProjectState {
  const elapsedMs = elapsed(record.createdAt, now, timing);
  const queued = record.generation === "2026-09" ? timing.jobMs * QUEUED_UNTIL : 0;
  const failing = asksToFail(record);
  const endsAfter = failing ? timing.jobMs * (record.generation === "2026-09" ? FAIL_FAST_AT : FAIL_AT) : timing.jobMs;
  if (elapsedMs >= endsAfter) {
    const endedAt = endsAt(record.createdAt, endsAfter, timing);
    const progress = failing ? Math.floor((endsAfter / timing.jobMs) * 100) : 100;
    return {
      status: failing ? "FAILED" : "READY",
      progress,
      endedAt,
      leftMs: null,
      queuePosition: null,
      deployable: !failing,
      changedAt: endedAt,
    };
  }
  const running = {
    progress: Math.min(99, Math.floor((elapsedMs / timing.jobMs) * 100)),
    endedAt: null,
    leftMs: timing.jobMs - elapsedMs,
  };
  if (elapsedMs < queued)
    return { status: "QUEUED", ...running, queuePosition: 1, deployable: false, changedAt: record.createdAt };
  const deployable = record.generation === "2026-09" && !failing && elapsedMs >= timing.jobMs * CHECKPOINT_AT;
  return {
    status: "PROCESSING",
    ...running,
    queuePosition: null,
    deployable,
    changedAt: endsAt(record.createdAt, queued, timing),
  };
}

/** Whether the project's model exists: once READY, and for a 2026-09 project from when it trains. */
export function hasModel(record: ProjectRecord, now: number, timing: Timing): boolean {
  const { status } = projectState(record, now, timing);
  return status === "READY" || (record.generation === "2026-09" && status === "PROCESSING");
}

/**
 * A model id in the live API's style: the project's name, slugged, and the project id. As
 * there, a name that starts with a space or a sign gives an id that starts with `-`
 * (" Ak-14-july-My Project " → "-ak-14-july-my-project-alignment-01kxg...").
 */
export function modelIdOf(record: ProjectRecord): string {
  if (record.modelId) return record.modelId;
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return `${slug(record.request.name)}-${slug(record.id)}`.replace(/-+/g, "-").replace(/-$/, "");
}

/** When the project is (or will be) READY, in sandbox clock ms; undefined if it fails. */
export function readyAt(record: ProjectRecord, timing: Timing): number | undefined {
  return asksToFail(record) ? undefined : endsAt(record.createdAt, timing.jobMs, timing);
}

export function isReady(record: ProjectRecord, now: number, timing: Timing): boolean {
  return !asksToFail(record) && elapsed(record.createdAt, now, timing) >= timing.jobMs;
}

/** Stable pseudo-random figures per project, so repeated reads agree. */
export function metricsOf(record: ProjectRecord): Schemas["PerformanceMetrics"] {
  let hash = 0;
  for (const char of record.id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const unit = (shift: number) => ((hash >>> shift) % 1000) / 1000;
  return {
    accuracy: Math.round((0.8 + unit(0) * 0.18) * 100) / 100,
    uncertainty: Math.round((0.05 + unit(3) * 0.2) * 100) / 100,
    domain_violations: Math.floor(unit(6) * 10),
    average_response_time: Math.round((0.5 + unit(9) * 1.5) * 10) / 10,
  };
}

/**
 * The project's status. `performance` is what its evaluation measured (before and after
 * alignment) once that evaluation has finished; null until then.
 */
export function statusAt(
  record: ProjectRecord,
  now: number,
  timing: Timing,
  performance: Schemas["ProjectPerformanceMetrics"] | null = null,
): Schemas["AlignmentStatusResponse"] & { data: Schemas["AlignmentProject"] } {
  const state = projectState(record, now, timing);
  const { status, progress } = state;
  const ended = state.endedAt !== null;
  const endAt = state.endedAt ?? 0;
  const ready = status === "READY";
  return {
    status,
    data: {
      alignment_id: record.id,
      id: record.id,
      alignment_name: record.request.name,
      name: record.request.name,
      base_model: record.request.base_model,
      status,
      created_date: spaceTimestamp(record.createdAt),
      completed_date: ended ? spaceTimestamp(endAt) : null,
      document_ids: [...record.request.document_ids],
      document_count: record.request.document_ids.length,
      creator: record.creator,
      performance_metrics: ready ? performance : null,
      progress,
      estimated_completion: ended ? null : spaceTimestamp(endsAt(record.createdAt, timing.jobMs, timing)),
      error: status === "FAILED" ? failureOf(record).error : null,
      evaluation_id: ready ? (record.evaluationId ?? null) : null,
      benchmark_id: record.request.benchmark_id ?? null,
      model_id: ready ? modelIdOf(record) : null,
      gpu_training_completed: ready,
    },
    start_time: isoWithoutZone(record.createdAt),
    end_time: ended ? isoWithoutZone(endAt) : null,
  };
}

/** Why a project that asked to fail failed, in its generation's words. */
function failureOf(record: ProjectRecord): { error: string; stages: string[] } {
  const why = `(sandbox: the name asked to fail with ${FAIL_MARKER})`;
  if (record.generation === "2026-09")
    return {
      error: `Finetuning failed: training backend answered HTTP 502 Bad Gateway ${why}`,
      stages: ["training: finetuning_failure"],
    };
  return { error: `Training diverged: loss became NaN ${why}.`, stages: ["training: loss_diverged"] };
}

/** The 2026-09 status: no `model_id`, no project data. */
export function status2609(record: ProjectRecord, now: number, timing: Timing): Schemas["AlignmentStatusResponse2609"] {
  const state = projectState(record, now, timing);
  return {
    status: state.status,
    progress: state.progress,
    eta_seconds: state.leftMs === null ? null : Math.round(state.leftMs / 1000),
    queue_position: state.queuePosition,
    early_deployable: state.deployable,
  };
}

/** Placeholder figures the live API shows before an evaluation has measured anything. */
const PLACEHOLDER_METRICS = { accuracy_before: 0, accuracy_after: 0, uncertainty_before: 0, uncertainty_after: 0 };

/** The project as the 2026-09 route shows it; `performance` as for `statusAt`. */
export function project2609(
  record: ProjectRecord,
  now: number,
  timing: Timing,
  performance: Schemas["ProjectPerformanceMetrics"] | null = null,
): Schemas["AlignmentProject2609"] {
  const state = projectState(record, now, timing);
  const ready = state.status === "READY";
  const failed = state.status === "FAILED";
  const failure = failed ? failureOf(record) : undefined;
  return {
    alignment_id: record.id,
    alignment_name: record.request.name,
    base_model_id: record.request.base_model,
    status: state.status,
    error: failure?.error ?? null,
    stage_failures: failure?.stages ?? [],
    degraded: false,
    model_id: hasModel(record, now, timing) ? modelIdOf(record) : null,
    evaluation_id: ready ? (record.evaluationId ?? null) : null,
    gpu_training_completed: ready,
    is_adapter_available: state.deployable,
    document_count: record.request.document_ids.length,
    document_ids: [...record.request.document_ids],
    performance_metrics: ready && performance ? { ...performance } : { ...PLACEHOLDER_METRICS },
    progress: state.progress,
    created_at: isoWithoutZone(record.createdAt),
    updated_at: isoWithoutZone(state.changedAt),
    completed_at: state.endedAt === null ? null : isoWithoutZone(state.endedAt),
  };
}

export function projectSummary2609(
  record: ProjectRecord,
  now: number,
  timing: Timing,
): Schemas["AlignmentProjectSummary2609"] {
  return {
    alignment_id: record.id,
    alignment_name: record.request.name,
    base_model_id: record.request.base_model,
    status: projectState(record, now, timing).status,
  };
}

/** The model a READY project produced, with its deployment and evaluation as they are now. */
export function modelOf(
  record: ProjectRecord,
  timing: Timing,
  deployment: { status: string; endpoint: string | null },
  evaluationData: Schemas["EvaluationData"] | null,
): Schemas["DomainAlignedModel"] {
  return {
    id: modelIdOf(record),
    name: record.request.name,
    base_model: record.request.base_model,
    alignment_project: record.request.name,
    created_date: spaceTimestamp(endsAt(record.createdAt, timing.jobMs, timing)),
    status: deployment.status,
    deployment_status: deployment.status,
    endpoint: deployment.endpoint,
    creator: record.creator,
    usage_count: 0,
    performance_metrics: metricsOf(record),
    downloadable: false,
    alignment_id: record.id,
    last_used: null,
    evaluation_data: evaluationData,
    conversation_saving_enabled: false,
  };
}
