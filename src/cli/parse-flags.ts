/** Parsers of flag values: durations and numbers, refused with a message commander shows beside the flag. */
import { InvalidArgumentError } from "commander";

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** The longest a timer can wait (2**31-1 ms, 596 hours): setTimeout fires at once for more. */
const MAX_DURATION_MS = 2 ** 31 - 1;

/** `90s`, `30m`, `2h`, `1500ms`, or a plain number of seconds, in milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(text.trim());
  const value = match
    ? Number(match[1]) * UNIT_MS[(match[2]?.toLowerCase() ?? "s") as keyof typeof UNIT_MS]
    : Number.NaN;
  if (!(value > 0)) throw new InvalidArgumentError("Expected a duration such as 90s, 30m or 2h.");
  if (value > MAX_DURATION_MS)
    throw new InvalidArgumentError(
      `Expected a duration of at most 596h (${MAX_DURATION_MS} ms, the longest a timer can wait).`,
    );
  return value;
}

export function parseCount(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError("Expected a whole number, 0 or more.");
  return value;
}

export function parseNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new InvalidArgumentError("Expected a number, 0 or more.");
  return value;
}

/** A number of milliseconds a timer will wait: 0 up to 2**31-1. */
export function parseMilliseconds(text: string): number {
  const value = parseNumber(text);
  if (value > MAX_DURATION_MS)
    throw new InvalidArgumentError(`Expected at most ${MAX_DURATION_MS} ms (596 hours, the longest a timer can wait).`);
  return value;
}
