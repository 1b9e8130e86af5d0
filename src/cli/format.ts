/** How values and records are shown to people: dates, sizes, elapsed times, label/value blocks. */
import { parseTimestamp } from "../index.js";
import type { Colors } from "./io.js";

/** `2026-07-14 12:01` for any timestamp form the API sends; `fallback` when there is none. */
export function formatDate(value: string | null | undefined, fallback = "-"): string {
  const date = parseTimestamp(value);
  return date ? date.toISOString().slice(0, 16).replace("T", " ") : fallback;
}

/** `1:05:09` or `3:07` for an elapsed time. */
export function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

const BYTE_UNITS = ["B", "kB", "MB", "GB"];

/** `512 B`, `1.5 MB`: decimal units, as file managers show sizes. */
export function formatBytes(bytes: number | null | undefined): string {
  if (typeof bytes !== "number" || !Number.isFinite(bytes)) return "-";
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

export type Field = [label: string, value: string | number | null | undefined];

/** `label    value` lines, labels dimmed and aligned; empty values left out. */
export function renderFields(fields: Field[], colors: Colors): string {
  const shown = fields.filter(([, value]) => value !== undefined && value !== null && value !== "");
  const width = Math.max(...shown.map(([label]) => label.length)) + 1;
  return shown.map(([label, value]) => `${colors.dim(label.padEnd(width))}${value}`).join("\n");
}
