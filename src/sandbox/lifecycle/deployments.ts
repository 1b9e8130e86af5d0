/**
 * Deploying and undeploying aligned models, only when asked. Each request is recorded as an
 * event; the model's status and each task's status follow from the latest events:
 *
 *   UNDEPLOYED → deploy → DEPLOYING (task PENDING) → DEPLOYED at `deployMs` (task COMPLETED)
 *   DEPLOYED → undeploy → UNDEPLOYING (task PENDING) → UNDEPLOYED at `undeployMs` (COMPLETED)
 *
 * A model whose id contains "fail-deploy" (a project named with "[fail-deploy]") fails to
 * deploy and stays UNDEPLOYED, to try a client's error handling.
 */
import type { components } from "../../../generated/openapi.js";
import { isoWithoutZone } from "../clock.js";
import { type Timing, endsAt, shareDone } from "./timing.js";

type TaskStatus = components["schemas"]["DeploymentTaskStatusResponse"];

export interface DeploymentEvent {
  kind: "deploy" | "undeploy";
  /** Sandbox clock time of the request, in ms. */
  at: number;
}

/** The deploy and undeploy requests of one model, oldest first. */
export interface DeploymentRecord {
  /** The model's id. */
  id: string;
  events: DeploymentEvent[];
}

export const DEPLOY_FAIL_MARKER = "fail-deploy";

const lengthOf = (event: DeploymentEvent, timing: Timing) => (event.kind === "deploy" ? timing.deployMs : timing.undeployMs);
const deployFails = (modelId: string) => modelId.includes(DEPLOY_FAIL_MARKER);

export function latest(record: DeploymentRecord | undefined, kind?: DeploymentEvent["kind"]): DeploymentEvent | undefined {
  const events = record?.events ?? [];
  return kind ? events.filter((event) => event.kind === kind).at(-1) : events.at(-1);
}

/** The model's own status: `initial` until it is first deployed. */
export function modelState(modelId: string, initial: string, record: DeploymentRecord | undefined, now: number, timing: Timing): string {
  const last = latest(record);
  if (!last) return initial;
  const done = shareDone(last.at, lengthOf(last, timing), now, timing) >= 1;
  if (last.kind === "undeploy") return done ? "UNDEPLOYED" : "UNDEPLOYING";
  if (!done) return "DEPLOYING";
  return deployFails(modelId) ? "UNDEPLOYED" : "DEPLOYED";
}

/** When the model became DEPLOYED, if it is. */
export function deployedSince(modelId: string, record: DeploymentRecord | undefined, now: number, timing: Timing): number | undefined {
  const last = latest(record);
  if (!last || modelState(modelId, "", record, now, timing) !== "DEPLOYED") return undefined;
  return endsAt(last.at, timing.deployMs, timing);
}

export function taskStatus(modelId: string, event: DeploymentEvent, now: number, timing: Timing): TaskStatus {
  const length = lengthOf(event, timing);
  const start_time = isoWithoutZone(event.at);
  if (shareDone(event.at, length, now, timing) < 1) return { model_id: modelId, status: "PENDING", result: null, start_time, end_time: null };
  const end_time = isoWithoutZone(endsAt(event.at, length, timing));
  if (event.kind === "deploy" && deployFails(modelId)) {
    return { model_id: modelId, status: "FAILED", result: { error: "Deployment failed: no GPU capacity available, try again later (sandbox: the model id asked to fail)." }, start_time, end_time };
  }
  const result =
    event.kind === "deploy"
      ? { status: "DEPLOYED", deployment_status: "DEPLOYED", message: "Model deployed successfully", error: null }
      : { status: "UNDEPLOYED", deployment_status: "UNDEPLOYED", message: "Model undeployed successfully", error: null };
  return { model_id: modelId, status: "COMPLETED", result, start_time, end_time };
}
