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
export function renderTable<Row>(rows: Row[], columns: Column<Row>[], colors: Colors, maxWidth = Number.POSITIVE_INFINITY): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => (line[i] ?? "").length)));
  const total = () => widths.reduce((sum, width) => sum + width, 0) + GAP.length * (widths.length - 1);
  const cuttable = (i: number) => !columns[i]?.keep;
  while (total() > maxWidth) {
    const widest = widths.reduce((best, width, i) => (cuttable(i) && (best < 0 || width > (widths[best] ?? 0)) ? i : best), -1);
    if (widest < 0 || (widths[widest] ?? 0) <= MIN_WIDTH) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  const fit = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
  const header = columns.map((column, i) => colors.bold(fit(column.header, widths[i] ?? 0))).join(GAP);
  const lines = rows.map((row, r) =>
    columns
      .map((column, i) => {
        const text = fit(cells[r]?.[i] ?? "", widths[i] ?? 0);
        return column.color ? column.color(text, row) : text;
      })
      .join(GAP)
      .trimEnd(),
  );
  return [header.trimEnd(), ...lines].join("\n");
}

/** Green for done, yellow for in progress, red for failed; other statuses plain. */
export function statusColor(colors: Colors, status: string | null | undefined): (text: string) => string {
  const upper = String(status ?? "").toUpperCase();
  if (["DEPLOYED", "READY", "COMPLETED", "EVALUATED", "UPLOADED", "SUCCESS"].includes(upper)) return colors.green;
  if (["FAILED", "STOPPED", "UNDEPLOYED"].includes(upper)) return colors.red;
  if (["DEPLOYING", "PROCESSING", "PENDING", "QUEUED", "EVALUATING", "UNDEPLOYING", "UPLOADING"].includes(upper)) return colors.yellow;
  return (text) => text;
}
