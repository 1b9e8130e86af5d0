/**
 * Values JSON or a URL cannot carry, found before anything is sent: JSON.stringify throws a
 * raw TypeError for a BigInt or a cycle and a RangeError past some thousand levels, sends
 * Infinity and NaN as null, and encodeURIComponent throws a URIError for a lone surrogate.
 */
import { type InputIssue, RequestValidationError } from "./errors.js";

/** Deeper than any body the API takes, far below where JSON.stringify overflows the stack. */
export const MAX_JSON_DEPTH = 1000;
/** A message lists this many problems at most (a list of a million NaNs is one mistake). */
const MAX_ISSUES = 10;
const MAX_FIELD_LENGTH = 80;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Half of a UTF-16 pair without the other: not Unicode text, and no UTF-8 can carry it. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

interface Visit {
  value: unknown;
  field: string;
  depth: number;
  inList: boolean;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function shortField(field: string): string {
  return field.length > MAX_FIELD_LENGTH ? `${field.slice(0, MAX_FIELD_LENGTH)}…` : field;
}

/**
 * The problems of `value` as JSON, each naming its field under `root` (`body.messages[0]`).
 * Walks plain objects and lists only, unless `instances` (then as JSON.stringify does: any
 * object's own properties, after its toJSON()), so files in a multipart body are left alone.
 * A loop, not recursion: any depth is safe to check.
 */
export function jsonIssues(value: unknown, root: string, options: { instances?: boolean } = {}): InputIssue[] {
  const issues: InputIssue[] = [];
  const say = (field: string, message: string) => issues.push({ field: shortField(field) || "input", message });
  // The objects on the path to the current one (a cycle leads back to one of them); an entry
  // `{ leave }` follows each object's children on the stack, to take it off the path.
  const path = new Set<object>();
  const stack: (Visit | { leave: object })[] = [{ value, field: root, depth: 0, inList: false }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const visit = stack.pop() as Visit | { leave: object };
    if ("leave" in visit) {
      path.delete(visit.leave);
      continue;
    }
    const { field, depth, inList } = visit;
    let current = visit.value;
    if (
      options.instances &&
      typeof current === "object" &&
      current !== null &&
      typeof (current as { toJSON?: unknown }).toJSON === "function"
    ) {
      try {
        current = (current as { toJSON(key: string): unknown }).toJSON("");
      } catch (error) {
        say(field, `cannot be turned into JSON: its toJSON() threw (${(error as Error)?.message ?? String(error)})`);
        continue;
      }
    }
    if (typeof current === "bigint")
      say(field, "is a BigInt, which JSON cannot hold: pass a number (or a string where the field takes one)");
    else if (typeof current === "number") {
      if (!Number.isFinite(current)) say(field, `must be a finite number (got ${current})`);
    } else if (typeof current === "string") {
      if (hasLoneSurrogate(current))
        say(
          field,
          "holds a lone surrogate (half of a UTF-16 pair, as a cut emoji leaves), which is not valid Unicode text",
        );
    } else if (current === undefined || typeof current === "function" || typeof current === "symbol") {
      if (inList)
        say(
          field,
          `is ${current === undefined ? "undefined" : `a ${typeof current}`}, which JSON sends as null in a list`,
        );
    } else if (current !== null && (Array.isArray(current) || options.instances || isPlainObject(current))) {
      if (path.has(current)) say(field, "refers back to itself (a cycle), which JSON cannot hold");
      else if (depth >= MAX_JSON_DEPTH)
        say(field, `is nested deeper than ${MAX_JSON_DEPTH} levels, which no request needs`);
      else {
        path.add(current);
        stack.push({ leave: current });
        const list = Array.isArray(current);
        const entries: [string, unknown][] = list
          ? // Array.from visits holes too (JSON sends them as null).
            Array.from(current as unknown[], (item, index): [string, unknown] => [`${field}[${index}]`, item])
          : Object.entries(current).map(([key, item]) => [field ? `${field}.${key}` : key, item]);
        for (let index = entries.length - 1; index >= 0; index--) {
          const [inner, item] = entries[index] as [string, unknown];
          stack.push({ value: item, field: inner, depth: depth + 1, inList: list });
        }
      }
    }
  }
  return issues;
}

/**
 * Refuses a JSON body that JSON.stringify would throw on or change, with an error naming each
 * field. To be called on the body of a JSON operation just before it is serialised.
 */
export function checkedJsonBody<T>(body: T): T {
  const issues = jsonIssues(body, "body", { instances: true });
  if (issues.length > 0) throw new RequestValidationError(issues);
  return body;
}
