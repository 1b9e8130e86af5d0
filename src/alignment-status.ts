import { terminalStatuses } from "../generated/statuses.js";

export type StatusOutcome = "succeeded" | "failed" | "running";

const outcomeByStatus = new Map<string, StatusOutcome>([
  ...terminalStatuses.success.map((status) => [status, "succeeded"] as const),
  ...terminalStatuses.failure.map((status) => [status, "failed"] as const),
]);

/** What a status means, case-insensitively; an unknown status is still running. */
export function statusOutcome(status: string | undefined): StatusOutcome {
  return outcomeByStatus.get(String(status ?? "").trim().toUpperCase()) ?? "running";
}
