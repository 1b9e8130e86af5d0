/** Timestamps in the forms the live API sends, so clients meet them in the sandbox too. */

/** `2026-07-14 12:01:50.482143`: space, microseconds, no zone (the live `created_date`). */
export function spaceTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "000");
}

/** `2026-07-16T06:48:51.112761`: ISO without a zone (the live `start_time`). */
export function isoWithoutZone(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000");
}
