/**
 * Deploying and undeploying aligned models, only when asked. Each request is recorded as an
 * event; the model's status and each task's status follow from the latest events:
 *
 *   UNDEPLOYED → deploy → DEPLOYING (task PENDING) → DEPLOYED at `deployMs` (task COMPLETED)
 *   DEPLOYED → undeploy → UNDEPLOYING (task PENDING) → UNDEPLOYED at `undeployMs` (COMPLETED)
 *
 * The 2026-09 deployment status has no task: right after a deploy request it still reads
 * UNDEPLOYED (no error) for the first tenth of `deployMs`, as the live API's did, then
 * DEPLOYING and DEPLOYED; a failed deploy reads UNDEPLOYED with an `error`. A 2026-09
 * undeploy takes effect at once.
 *
 * A model whose project is named with "[fail-deploy]" (for a 2026-07 project, a model id
 * that contains "fail-deploy") fails to deploy and stays UNDEPLOYED, to try a client's
 * error handling; the World says which models those are.
 */
import type { components } from "../../../generated/openapi.js";
import { isoWithoutZone } from "../clock.js";
import { endsAt, shareDone, type Timing } from "./timing.js";

type TaskStatus = components["schemas"]["DeploymentTaskStatusResponse"];

export interface DeploymentEvent {
  kind: "deploy" | "undeploy";
  /** Sandbox clock time of the request, in ms. */
  at: number;
  /** A 2026-09 undeploy: done at once. */
  instant?: true;
}

/** The deploy and undeploy requests of one model, oldest first. */
export interface DeploymentRecord {
  /** The model's id. */
  id: string;
  events: DeploymentEvent[];
}

export const DEPLOY_FAIL_MARKER = "fail-deploy";
const DEPLOY_FAILURE =
  "Deployment failed: no GPU capacity available, try again later (sandbox: the model asked to fail).";
/** Share of a deploy during which the 2026-09 status still reads UNDEPLOYED. */
const STILL_UNDEPLOYED_UNTIL = 0.1;

const lengthOf = (event: DeploymentEvent, timing: Timing) =>
  event.instant ? 0 : event.kind === "deploy" ? timing.deployMs : timing.undeployMs;

/** The model's deployment record with one more deploy or undeploy request, made at `at`. */
export function withRequest(
  record: DeploymentRecord | undefined,
  id: string,
  kind: DeploymentEvent["kind"],
  at: number,
  instant = false,
): DeploymentRecord {
  return { id, events: [...(record?.events ?? []), { kind, at, ...(instant ? { instant: true as const } : {}) }] };
}

export function latest(
  record: DeploymentRecord | undefined,
  kind?: DeploymentEvent["kind"],
): DeploymentEvent | undefined {
  const events = record?.events ?? [];
  return kind ? events.filter((event) => event.kind === kind).at(-1) : events.at(-1);
}

/** The model's own status: `initial` until it is first deployed; `fails` for a model whose deploys fail. */
export function modelState(
  initial: string,
  record: DeploymentRecord | undefined,
  now: number,
  timing: Timing,
  fails: boolean,
): string {
  const last = latest(record);
  if (!last) return initial;
  const done = shareDone(last.at, lengthOf(last, timing), now, timing) >= 1;
  if (last.kind === "undeploy") return done ? "UNDEPLOYED" : "UNDEPLOYING";
  if (!done) return "DEPLOYING";
  return fails ? "UNDEPLOYED" : "DEPLOYED";
}

/** When the model became DEPLOYED, if it is. */
export function deployedSince(
  record: DeploymentRecord | undefined,
  now: number,
  timing: Timing,
  fails: boolean,
): number | undefined {
  const last = latest(record);
  if (!last || modelState("", record, now, timing, fails) !== "DEPLOYED") return undefined;
  return endsAt(last.at, timing.deployMs, timing);
}

export interface Deployment2609 {
  status: string;
  error: string | null;
  /** Percent of a running deploy done; 100 once deployed. */
  progress: number | null;
  /** Simulated seconds left of a running deploy. */
  etaSeconds: number | null;
}

/** The 2026-09 deployment status, as `modelState` words it for that generation. */
export function deployment2609(
  initial: string,
  record: DeploymentRecord | undefined,
  now: number,
  timing: Timing,
  fails: boolean,
): Deployment2609 {
  const last = latest(record);
  const status = modelState(initial, record, now, timing, fails);
  if (!last || last.kind === "undeploy")
    return { status, error: null, progress: status === "DEPLOYED" ? 100 : null, etaSeconds: null };
  const done = shareDone(last.at, timing.deployMs, now, timing);
  if (done < 1) {
    const etaSeconds = Math.round(((1 - done) * timing.deployMs) / 1000);
    return {
      status: done < STILL_UNDEPLOYED_UNTIL ? "UNDEPLOYED" : "DEPLOYING",
      error: null,
      progress: Math.floor(done * 100),
      etaSeconds,
    };
  }
  return fails
    ? { status: "UNDEPLOYED", error: DEPLOY_FAILURE, progress: null, etaSeconds: null }
    : { status: "DEPLOYED", error: null, progress: 100, etaSeconds: null };
}

export function taskStatus(
  modelId: string,
  event: DeploymentEvent,
  now: number,
  timing: Timing,
  fails: boolean,
): TaskStatus {
  const length = lengthOf(event, timing);
  const start_time = isoWithoutZone(event.at);
  if (shareDone(event.at, length, now, timing) < 1)
    return { model_id: modelId, status: "PENDING", result: null, start_time, end_time: null };
  const end_time = isoWithoutZone(endsAt(event.at, length, timing));
  if (event.kind === "deploy" && fails)
    return { model_id: modelId, status: "FAILED", result: { error: DEPLOY_FAILURE }, start_time, end_time };
  const result =
    event.kind === "deploy"
      ? { status: "DEPLOYED", deployment_status: "DEPLOYED", message: "Model deployed successfully", error: null }
      : {
          status: "UNDEPLOYED",
          deployment_status: "UNDEPLOYED",
          message: "Model undeployed successfully",
          error: null,
        };
  return { model_id: modelId, status: "COMPLETED", result, start_time, end_time };
}
