/**
 * What the sandbox's log says about a request beyond its method, path and status: its id,
 * and notes a handler adds (the model, session and provider of an inference call). app.ts
 * prints them on the request's line, through `escapedLog`: every value in it came from a
 * request, from any web page, and must not forge lines or drive the terminal.
 */
import type { Context } from "hono";

const entries = new WeakMap<Request, { id: string; notes: string[] }>();

export function startEntry(c: Context, id: string): void {
  entries.set(c.req.raw, { id, notes: [] });
}

export function note(c: Context, text: string): void {
  entries.get(c.req.raw)?.notes.push(text);
}

export function entryOf(c: Context): { id: string; notes: string[] } {
  return entries.get(c.req.raw) ?? { id: "", notes: [] };
}

/**
 * Control characters (C0, DEL, C1), line and paragraph separators and bidirectional
 * controls: a line holding one could be split in two, reordered on screen, or make the
 * terminal set its title or clipboard.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with each unprintable character written as an escape (`\x0a`, `\u202e`), so the log still says what arrived. */
export function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** The sandbox's log sink, escaping every line it is given: one place, whoever logs. */
export function escapedLog(log: (line: string) => void): (line: string) => void {
  return (line) => log(escapeUnprintable(line));
}
