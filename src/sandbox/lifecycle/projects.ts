/**
 * A project's state at a moment, derived from when it was created: nothing is scheduled, so
 * the lifecycle survives a restart and runs on any clock (a fake one in benchmarks).
 *
 *   PROCESSING (progress rising 0 → 99) → READY at `jobMs`     → model DEPLOYING → DEPLOYED
 *   PROCESSING → FAILED at 60% of `jobMs` when the project's name contains "[fail]"
 */
import type { AlignmentStatusResponse, CreateAlignmentProjectRequest, DomainAlignedModel } from "../types.js";
import { isoWithoutZone, spaceTimestamp } from "./clock.js";

export interface ProjectRecord {
  id: string;
  request: CreateAlignmentProjectRequest;
  /** Sandbox clock time of creation, in ms. */
  createdAt: number;
  creator: string;
}

export interface Timing {
  /** Simulated length of an alignment job, in ms. */
  jobMs: number;
  /** Simulated deployment time of a finished model, in ms. */
  deployMs: number;
  /** How much faster than the wall clock the simulated clock runs. */
  speed: number;
}

export const FAIL_MARKER = "[fail]";
const FAIL_AT = 0.6;

export function asksToFail(record: ProjectRecord): boolean {
  return record.request.name.toLowerCase().includes(FAIL_MARKER);
}

/** A model id in the live API's style: the project's name, slugged, and the project id. */
export function modelIdOf(record: ProjectRecord): string {
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return `${slug(record.request.name)}-${slug(record.id)}`.replace(/-+/g, "-").replace(/^-|-$/g, "");
}

/** Stable pseudo-random figures per project, so repeated reads agree. */
function metricsOf(record: ProjectRecord) {
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

export function statusAt(record: ProjectRecord, now: number, timing: Timing): AlignmentStatusResponse {
  const elapsed = (now - record.createdAt) * timing.speed;
  const failing = asksToFail(record);
  const endsAfter = failing ? timing.jobMs * FAIL_AT : timing.jobMs;
  const ended = elapsed >= endsAfter;
  const status = ended ? (failing ? "FAILED" : "READY") : "PROCESSING";
  const progress = ended ? (failing ? Math.floor(FAIL_AT * 100) : 100) : Math.min(99, Math.floor((elapsed / timing.jobMs) * 100));
  const endAt = record.createdAt + endsAfter / timing.speed;
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
      performance_metrics: ready ? metricsOf(record) : null,
      progress,
      estimated_completion: ended ? null : spaceTimestamp(record.createdAt + timing.jobMs / timing.speed),
      error: status === "FAILED" ? `Training diverged: loss became NaN (sandbox: the name asked to fail with ${FAIL_MARKER}).` : null,
      evaluation_id: ready && record.request.benchmark_id ? `eval_${record.id.slice(-12)}` : null,
      model_id: ready ? modelIdOf(record) : null,
      gpu_training_completed: ready,
    },
    start_time: isoWithoutZone(record.createdAt),
    end_time: ended ? isoWithoutZone(endAt) : null,
  };
}

/** The model a READY project produced, or undefined while there is none. */
export function modelAt(record: ProjectRecord, now: number, timing: Timing, baseUrl: string): DomainAlignedModel | undefined {
  const elapsed = (now - record.createdAt) * timing.speed;
  if (asksToFail(record) || elapsed < timing.jobMs) return undefined;
  const deployed = elapsed >= timing.jobMs + timing.deployMs;
  const id = modelIdOf(record);
  const readyAt = record.createdAt + timing.jobMs / timing.speed;
  const metrics = metricsOf(record);
  return {
    id,
    name: record.request.name,
    base_model: record.request.base_model,
    alignment_project: record.request.name,
    created_date: spaceTimestamp(readyAt),
    status: deployed ? "DEPLOYED" : "DEPLOYING",
    deployment_status: deployed ? "DEPLOYED" : "DEPLOYING",
    endpoint: deployed ? `${baseUrl}/api/v3/inference/completions/${id}` : null,
    creator: record.creator,
    usage_count: 0,
    performance_metrics: metrics,
    downloadable: false,
    alignment_id: record.id,
    last_used: null,
    evaluation_data: record.request.benchmark_id
      ? {
          completed_at: isoWithoutZone(readyAt),
          evaluation_id: `eval_${record.id.slice(-12)}`,
          metrics: { accuracy: metrics.accuracy, uncertainty: metrics.uncertainty },
          raw_answers_count: 50,
          status: "COMPLETED",
        }
      : null,
    conversation_saving_enabled: false,
  };
}
