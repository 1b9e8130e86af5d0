/** The optional headers inference and agent runs take (`x-session-id`, `x-provider`), checked as FastAPI checks them: 1 to 256 characters. */
import type { Context } from "hono";
import { type Refusal, refuse } from "./refusal.js";

export const SESSION_HEADER = "x-session-id";
export const PROVIDER_HEADER = "x-provider";

/** FastAPI's 422 for the first of these headers that is sent empty or longer than 256 characters. */
export function headerProblem(c: Context, names: string[]): Refusal | undefined {
  for (const name of names) {
    const value = c.req.header(name);
    if (value === undefined) continue;
    if (value.length === 0)
      return refuse(422, [
        { loc: ["header", name], msg: "String should have at least 1 character", type: "string_too_short" },
      ]);
    if (value.length > 256)
      return refuse(422, [
        { loc: ["header", name], msg: "String should have at most 256 characters", type: "string_too_long" },
      ]);
  }
  return undefined;
}
