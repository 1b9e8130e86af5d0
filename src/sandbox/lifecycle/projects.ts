/**
 * Alignment projects, derived from when they were created:
 *
 *   PROCESSING (progress rising 0 → 99) → READY at `jobMs`: its model appears UNDEPLOYED
 *   PROCESSING → FAILED at 60% of `jobMs` when the project's name contains "[fail]"
 *
 * The model deploys only when asked (see deployments.ts). A project created with a benchmark
 * starts an evaluation of its model against the base model when it is READY.
 */
import type { components } from "../../../generated/openapi.js";
import { isoWithoutZone, spaceTimestamp } from "../clock.js";
import { FAIL_MARKER, type Timing, elapsed, endsAt } from "./timing.js";

type Schemas = components["schemas"];
type CreateAlignmentProjectRequest = Schemas["CreateAlignmentProjectRequest"];

export interface ProjectRecord {
  id: string;
  request: CreateAlignmentProjectRequest;
  /** Sandbox clock time of creation, in ms. */
  createdAt: number;
  creator: string;
  /** The evaluation it starts when READY (projects with a benchmark); absent in version 1 files. */
  evaluationId?: string | null;
}

const FAIL_AT = 0.6;

export function asksToFail(record: ProjectRecord): boolean {
  return record.request.name.toLowerCase().includes(FAIL_MARKER);
}

/**
 * A model id in the live API's style: the project's name, slugged, and the project id. As
 * there, a name that starts with a space or a sign gives an id that starts with `-`
 * (" Ak-14-july-My Project " → "-ak-14-july-my-project-alignment-01kxg...").
 */
export function modelIdOf(record: ProjectRecord): string {
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
  const elapsedMs = elapsed(record.createdAt, now, timing);
  const failing = asksToFail(record);
  const endsAfter = failing ? timing.jobMs * FAIL_AT : timing.jobMs;
  const ended = elapsedMs >= endsAfter;
  const status = ended ? (failing ? "FAILED" : "READY") : "PROCESSING";
  const progress = ended ? (failing ? Math.floor(FAIL_AT * 100) : 100) : Math.min(99, Math.floor((elapsedMs / timing.jobMs) * 100));
  const endAt = endsAt(record.createdAt, endsAfter, timing);
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
      error: status === "FAILED" ? `Training diverged: loss became NaN (sandbox: the name asked to fail with ${FAIL_MARKER}).` : null,
      evaluation_id: ready ? (record.evaluationId ?? null) : null,
      benchmark_id: record.request.benchmark_id ?? null,
      model_id: ready ? modelIdOf(record) : null,
      gpu_training_completed: ready,
    },
    start_time: isoWithoutZone(record.createdAt),
    end_time: ended ? isoWithoutZone(endAt) : null,
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
