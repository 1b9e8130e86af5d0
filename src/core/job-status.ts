import { type JobKind, terminalStatuses } from "../../generated/statuses.js";

export type { JobKind };
export type StatusOutcome = "succeeded" | "failed" | "running";

const outcomes = new Map<string, Map<string, StatusOutcome>>(
  Object.entries(terminalStatuses).map(([kind, { success, failure }]) => [
    kind,
    new Map<string, StatusOutcome>([
      ...success.map((s) => [s, "succeeded"] as const),
      ...failure.map((s) => [s, "failed"] as const),
    ]),
  ]),
);

/**
 * What a status means for a kind of job (`AlignmentStatus`, `DocumentStatus`, ... as the
 * spec names their status schemas), case-insensitively; an unknown status is still running.
 */
export function statusOutcome(kind: JobKind, status: string | null | undefined): StatusOutcome {
  return (
    outcomes.get(kind)?.get(
      String(status ?? "")
        .trim()
        .toUpperCase(),
    ) ?? "running"
  );
}
