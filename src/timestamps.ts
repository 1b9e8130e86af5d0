/**
 * Parses every timestamp form the live API sends: RFC 3339 (`2024-01-15T10:30:00Z`), ISO
 * without a zone (`2026-07-16T06:48:51.112761`) and with a space (`2026-07-14 12:01:50.482143`).
 * Zone-less values are UTC. Returns undefined for null, undefined or text that is no date.
 */
export function parseTimestamp(value: string | null | undefined): Date | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  if (!match) {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  }
  const [, date, time, fraction = "", zone = "Z"] = match;
  // JavaScript dates hold milliseconds: keep three digits of the fraction.
  const millis = fraction ? `.${fraction.slice(1, 4).padEnd(3, "0")}` : "";
  const parsed = new Date(`${date}T${time}${millis}${zone.toUpperCase()}`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}
