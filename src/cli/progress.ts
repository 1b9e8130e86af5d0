import type { AlignmentStatusResponse } from "../index.js";
import { formatElapsed } from "./duration.js";
import { type IO, colorsFor, writeLine } from "./io.js";
import { statusColor } from "./table.js";

const BAR_WIDTH = 24;
const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export interface ProgressDisplay {
  update(status: AlignmentStatusResponse): void;
  /** Clears the live line (if any) before other output. */
  stop(): void;
}

/**
 * Progress of a wait on stderr: on a terminal, one live line (spinner, bar, percent, status,
 * elapsed) redrawn every second; elsewhere (CI logs), a timestamped line per change.
 */
export function createProgressDisplay(io: IO, projectId: string): ProgressDisplay {
  const started = Date.now();
  const colors = colorsFor(io.stderr, io.env);
  let last: AlignmentStatusResponse | undefined;

  if (!io.stderr.isTTY) {
    return {
      update(status) {
        const progress = typeof status.data?.progress === "number" ? ` ${status.data.progress}%` : "";
        writeLine(io.stderr, `${new Date().toISOString()} ${projectId} ${status.status}${progress} (elapsed ${formatElapsed(Date.now() - started)})`);
      },
      stop() {},
    };
  }

  let frame = 0;
  const draw = () => {
    const percent = Math.max(0, Math.min(100, Math.round(last?.data?.progress ?? 0)));
    const filled = Math.round((percent / 100) * BAR_WIDTH);
    const bar = colors.cyan("█".repeat(filled)) + colors.dim("░".repeat(BAR_WIDTH - filled));
    const status = last?.status ?? "waiting";
    const spinner = colors.cyan(FRAMES[frame++ % FRAMES.length] ?? "");
    io.stderr.write(`\r\x1b[2K${spinner} ${bar} ${String(percent).padStart(3)}%  ${statusColor(colors, status)(status)}  ${colors.dim(formatElapsed(Date.now() - started))}`);
  };
  const ticker = setInterval(draw, 1000);
  ticker.unref();
  draw();
  return {
    update(status) {
      last = status;
      draw();
    },
    stop() {
      clearInterval(ticker);
      io.stderr.write("\r\x1b[2K");
    },
  };
}
