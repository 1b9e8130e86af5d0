/**
 * Every kind of long job the API runs, described once: what it is called, which route reads
 * its status, which status words end it, how far it is, why it failed, and what to check
 * when its start may have taken effect. The SDK's waits and the CLI's progress lines both
 * read these; the status shapes of both API generations are read here, nowhere else.
 */
import type { OperationId } from "../../generated/operations.js";
import { type JobKind, type StatusOutcome, statusOutcome } from "./job-status.js";

export interface JobDescription {
  /** For messages: `document upload`, `alignment project`, ... */
  label: string;
  /** The route that reads its status (the request layer picks the server's generation's). */
  statusOperation: OperationId;
  /** The spec's status schema whose terminal words end it (and colour it in the CLI). */
  statusKind: JobKind;
  /** Whether a status ends the job; by default its words, as `statusKind` lists them. */
  outcome(status: StatusRecord): StatusOutcome;
  /** Percent done, when the status says. */
  progress(status: StatusRecord): number | undefined;
  /** Seconds left, when the server estimates them. */
  secondsLeft(status: StatusRecord): number | undefined;
  /** Why it failed, when the status says. */
  reason(status: StatusRecord): string | undefined;
  /** A short word for a progress line beside the status (a deploy task's result, "3/10 questions"). */
  detail(status: StatusRecord): string | undefined;
  /** What may have happened when its start failed ambiguously, and where to look, in code and at a terminal. */
  ambiguity: { what: string; check: { sdk: string; cli: string }; before: string };
}

/** A status answer as the descriptions read it: any of the documented shapes, of either generation. */
export type StatusRecord = { status?: unknown; [field: string]: unknown };

export type JobName = "document" | "benchmark" | "alignment" | "deploy" | "undeploy" | "evaluation";

const word = (status: StatusRecord) =>
  String(status.status ?? "")
    .trim()
    .toUpperCase();
const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
const record = (value: unknown): StatusRecord =>
  value !== null && typeof value === "object" ? (value as StatusRecord) : {};
const percent = (done: unknown, total: unknown) => {
  const [d, t] = [number(done), number(total)];
  return d !== undefined && t !== undefined && t > 0 ? (d / t) * 100 : undefined;
};

function describe(
  partial: Partial<JobDescription> & Pick<JobDescription, "label" | "statusOperation" | "statusKind" | "ambiguity">,
): JobDescription {
  return {
    outcome: (status) => statusOutcome(partial.statusKind, status.status as string | undefined),
    progress: () => undefined,
    secondsLeft: (status) => number(status.eta_seconds),
    reason: (status) => text(status.error),
    detail: () => undefined,
    ...partial,
  };
}

/**
 * A deployment's own status (2026-09): DEPLOYED is done; UNDEPLOYED with an `error` is a
 * failed deploy, and without one (right after the request) not started yet.
 */
function deploymentOutcome(status: StatusRecord, goal: "DEPLOYED" | "UNDEPLOYED"): StatusOutcome | undefined {
  const current = word(status);
  if (!["DEPLOYED", "UNDEPLOYED", "DEPLOYING", "UNDEPLOYING"].includes(current)) return undefined;
  if (current === "UNDEPLOYED" && text(status.error)) return "failed";
  return current === goal ? "succeeded" : "running";
}

/** A deploy or undeploy task (2026-07: PENDING → COMPLETED | FAILED, the error in `result`). */
function taskReason(status: StatusRecord): string | undefined {
  const result = status.result;
  return typeof result === "string" ? result : (text(record(result).error) ?? text(status.error));
}

/** Deploying and undeploying: the same task shape (2026-07) or deployment status (2026-09), toward opposite ends. */
function deploymentJob(
  name: "deploy" | "undeploy",
  statusOperation: OperationId,
  goal: "DEPLOYED" | "UNDEPLOYED",
): JobDescription {
  const noun = name === "deploy" ? "deployment" : "undeployment";
  return describe({
    label: `model ${noun}`,
    statusOperation,
    statusKind: "DeploymentTaskStatus",
    outcome: (status) =>
      deploymentOutcome(status, goal) ?? statusOutcome("DeploymentTaskStatus", status.status as string),
    reason: taskReason,
    detail: (status) => text(record(status.result).status),
    ambiguity: {
      what: `The ${noun} may have started all the same`,
      check: { sdk: "nugen.models.deploymentStatus(id)", cli: "nugen models list" },
      before: `${name}ing again`,
    },
  });
}

export const jobs: Record<JobName, JobDescription> = {
  document: describe({
    label: "document upload",
    statusOperation: "getDocumentStatus",
    statusKind: "DocumentStatus",
    progress: (status) => number(status.processing_progress) ?? number(status.progress),
    ambiguity: {
      what: "The files may have been stored all the same",
      check: { sdk: "nugen.documents.list()", cli: "nugen documents list" },
      before: "uploading them again",
    },
  }),
  benchmark: describe({
    label: "benchmark",
    statusOperation: "getBenchmarkStatus",
    statusKind: "BenchmarkStatus",
    progress: (status) => number(status.progress),
    ambiguity: {
      what: "The benchmark may have been created all the same",
      check: { sdk: "nugen.benchmarks.list()", cli: "nugen benchmarks list" },
      before: "creating it again",
    },
  }),
  alignment: describe({
    label: "alignment project",
    statusOperation: "getAlignmentStatus",
    statusKind: "AlignmentStatus",
    // 2026-07 keeps progress and error in `data`; 2026-09 on the status itself.
    progress: (status) => number(record(status.data).progress) ?? number(status.progress),
    reason: (status) => text(record(status.data).error) ?? text(status.error),
    // A project still processing is not in the aligned models' list: its own status shows it.
    ambiguity: {
      what: "The project may have been created all the same",
      check: { sdk: "nugen.alignmentProjects.list() (2026-09) or the project's status", cli: "nugen projects list" },
      before: "creating it again",
    },
  }),
  deploy: deploymentJob("deploy", "getDeploymentStatus", "DEPLOYED"),
  undeploy: deploymentJob("undeploy", "getUndeploymentStatus", "UNDEPLOYED"),
  evaluation: describe({
    label: "evaluation",
    statusOperation: "getEvaluationStatus",
    statusKind: "EvaluationStatus",
    // 2026-07 counts questions, 2026-09 samples.
    progress: (status) =>
      percent(status.questions_completed, status.total_questions) ??
      percent(status.n_samples_completed, status.n_samples),
    detail: (status) => text(status.progress),
    ambiguity: {
      what: "The evaluation may have been started all the same",
      check: { sdk: "nugen.evaluations.list()", cli: "nugen evaluations list" },
      before: "starting it again",
    },
  }),
};

/** The advice after a start that may have taken effect, in the caller's terms. */
export function ambiguityAdvice(name: JobName, audience: "sdk" | "cli"): string {
  const { what, check } = jobs[name].ambiguity;
  const { before } = jobs[name].ambiguity;
  return `${what}: check \`${check[audience]}\` before ${before}.`;
}
