import { formatElapsed } from "./format.js";
import { type Colors, colorsFor, type IO, writeLine } from "./io.js";
import { type StatusKind, statusColor } from "./table.js";

const BAR_WIDTH = 24;
/** Narrower than this, a bar says nothing: the percent alone is shown. */
const MIN_BAR_WIDTH = 8;
const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const CLEAR_LINE = "\r\x1b[2K";

/** What a wait of any kind (a job's status, an upload's bytes) shows. */
export interface ProgressSnapshot {
  status: string;
  /** 0–100, when known. */
  percent?: number;
  /** A few more words, such as `12.0 MB of 30.0 MB`; the first thing dropped when space is short. */
  detail?: string;
}

export interface ProgressDisplay {
  update(snapshot: ProgressSnapshot): void;
  /** Clears the live line (if any) before other output. */
  stop(): void;
}

/**
 * Progress of a wait on stderr: on a terminal, one live line (spinner, bar and percent when
 * known, status, elapsed, detail) redrawn every second and always narrower than the terminal,
 * so it never wraps into a line per redraw; elsewhere (CI logs), a timestamped line per change.
 * `kind` says whose status words are shown, for their colour; without one (bytes being
 * sent), the status shows as under way.
 */
export function createProgressDisplay(io: IO, id: string, kind?: StatusKind): ProgressDisplay {
  const started = Date.now();
  if (!io.stderr.isTTY) {
    return {
      update({ status, percent, detail }) {
        const shown = percent === undefined ? "" : ` ${Math.round(percent)}%`;
        writeLine(
          io.stderr,
          `${new Date().toISOString()} ${id} ${status}${shown}${detail ? ` ${detail}` : ""} (elapsed ${formatElapsed(Date.now() - started)})`,
        );
      },
      stop() {},
    };
  }

  const colors = colorsFor(io.stderr, io.env);
  let last: ProgressSnapshot = { status: "waiting" };
  let frame = 0;
  const draw = () => {
    const spinner = FRAMES[frame++ % FRAMES.length] ?? "";
    io.stderr.write(
      CLEAR_LINE + progressLine(last, spinner, formatElapsed(Date.now() - started), io.stderr.columns, colors, kind),
    );
  };
  const ticker = setInterval(draw, 1000);
  ticker.unref();
  // A narrower pane would wrap the line drawn for the wider one: redraw at the new width.
  io.stderr.on("resize", draw);
  draw();
  return {
    update(snapshot) {
      last = snapshot;
      draw();
    },
    stop() {
      clearInterval(ticker);
      io.stderr.off("resize", draw);
      io.stderr.write(CLEAR_LINE);
    },
  };
}

type Segment = [text: string, paint: (text: string) => string];

/**
 * The live line fitted to `columns` (one column spare: writing into the last one wraps on
 * some terminals). The detail goes first, then the bar narrows and goes, then the rest is cut.
 */
function progressLine(
  snapshot: ProgressSnapshot,
  spinner: string,
  elapsed: string,
  columns: number | undefined,
  colors: Colors,
  kind: StatusKind | undefined,
): string {
  const width = Math.max(1, (columns && columns > 0 ? columns : 80) - 1);
  const percent = snapshot.percent === undefined ? undefined : Math.max(0, Math.min(100, Math.round(snapshot.percent)));
  const build = (barWidth: number, withDetail: boolean): Segment[] => {
    const segments: Segment[] = [[spinner, colors.cyan]];
    if (percent !== undefined) {
      if (barWidth > 0) {
        const filled = Math.round((percent / 100) * barWidth);
        segments.push([" ", String], ["█".repeat(filled), colors.cyan], ["░".repeat(barWidth - filled), colors.dim]);
      }
      segments.push([` ${String(percent).padStart(3)}%`, String]);
    }
    segments.push(
      ["  ", String],
      [snapshot.status, kind ? statusColor(colors, kind, snapshot.status) : colors.yellow],
      ["  ", String],
      [elapsed, colors.dim],
    );
    if (withDetail && snapshot.detail) segments.push(["  ", String], [snapshot.detail, colors.dim]);
    return segments;
  };
  const length = (segments: Segment[]) => segments.reduce((sum, [text]) => sum + [...text].length, 0);
  for (const withDetail of [true, false]) {
    if (percent === undefined) {
      const line = build(0, withDetail);
      if (length(line) <= width) return paint(line);
      continue;
    }
    const barWidth = Math.min(BAR_WIDTH, width - length(build(0, withDetail)) - 1);
    if (barWidth >= MIN_BAR_WIDTH) return paint(build(barWidth, withDetail));
  }
  return paint(clip(build(0, false), width));
}

function clip(segments: Segment[], width: number): Segment[] {
  let room = width;
  return segments.map(([text, color]): Segment => {
    const characters = [...text];
    const kept =
      characters.length <= room ? text : `${characters.slice(0, Math.max(0, room - 1)).join("")}${room > 0 ? "…" : ""}`;
    room = Math.max(0, room - characters.length);
    return [kept, color];
  });
}

function paint(segments: Segment[]): string {
  return segments.map(([text, color]) => (text ? color(text) : "")).join("");
}
