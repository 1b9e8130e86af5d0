import { type JobKind as JobStatusKind, type StatusOutcome, statusOutcome } from "../index.js";
import type { Colors } from "./io.js";

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  color?: (text: string, row: Row) => string;
  /** Never cut (an id people copy): the other columns give way. */
  keep?: boolean;
}

const GAP = "  ";
const MIN_WIDTH = 6;

/**
 * A plain-text table fitted to `maxWidth` (the terminal's width): while it is too wide,
 * the widest column that may be cut gives up a character, and cut cells end in "…".
 */
export function renderTable<Row>(
  rows: Row[],
  columns: Column<Row>[],
  colors: Colors,
  maxWidth = Number.POSITIVE_INFINITY,
): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => (line[i] ?? "").length)),
  );
  const total = () => widths.reduce((sum, width) => sum + width, 0) + GAP.length * (widths.length - 1);
  const cuttable = (i: number) => !columns[i]?.keep;
  while (total() > maxWidth) {
    const widest = widths.reduce(
      (best, width, i) => (cuttable(i) && (best < 0 || width > (widths[best] ?? 0)) ? i : best),
      -1,
    );
    if (widest < 0 || (widths[widest] ?? 0) <= MIN_WIDTH) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  const fitted = (text: string, width: number) =>
    text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
  const header = columns.map((column, i) => colors.bold(fitted(column.header, widths[i] ?? 0))).join(GAP);
  const lines = rows.map((row, r) =>
    columns
      .map((column, i) => {
        const text = fitted(cells[r]?.[i] ?? "", widths[i] ?? 0);
        return column.color ? column.color(text, row) : text;
      })
      .join(GAP)
      .trimEnd(),
  );
  return [header.trimEnd(), ...lines].join("\n");
}

/**
 * What a status belongs to: a job's status schema, whose terminal statuses the spec lists
 * (`AlignmentStatus`, `DocumentStatus`, ...; see generated/statuses.ts), or an aligned
 * model's own status, which is no job's.
 */
export type StatusKind = JobStatusKind | "ModelStatus";

/**
 * An aligned model's statuses (the spec's ModelStatus): a lifecycle, not a job, so the spec
 * names no terminal ones. Serving or evaluated is good, not serving is red, on the way is busy.
 */
const MODEL_STATUSES: Record<string, StatusOutcome> = {
  DEPLOYED: "succeeded",
  EVALUATED: "succeeded",
  UNDEPLOYED: "failed",
  DEPLOYING: "running",
  UNDEPLOYING: "running",
};

/** Green for done, yellow for under way, red for failed (or, for a model, not serving); unknown model words and empty ones plain. */
export function statusColor(
  colors: Colors,
  kind: StatusKind,
  status: string | null | undefined,
): (text: string) => string {
  const word = String(status ?? "")
    .trim()
    .toUpperCase();
  if (word === "" || word === "-") return (text) => text;
  const outcome = kind === "ModelStatus" ? MODEL_STATUSES[word] : statusOutcome(kind, word);
  if (outcome === "succeeded") return colors.green;
  if (outcome === "failed") return colors.red;
  if (outcome === "running") return colors.yellow;
  return (text) => text;
}
