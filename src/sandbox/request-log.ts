/**
 * What the sandbox's log says about a request beyond its method, path and status: its id,
 * and notes a handler adds (the model, session and provider of an inference call). app.ts
 * prints them on the request's line.
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
