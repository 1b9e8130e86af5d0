/**
 * The generated operation table, read by generation: which operation of the spec serves a
 * call on the generation a server speaks, and the body fields it names differently. The
 * spec says all of it (`x-nugen-generation`, `x-nugen-replaces`, `x-nugen-renamed-from`);
 * nothing here names a route or a field.
 */
import { type OperationId, operations } from "../../generated/operations.js";
import { type InputIssue, RequestValidationError, UnsupportedOperationError } from "./errors.js";

export type ApiGeneration = "2026-07" | "2026-09";

/** One row of the generated operation table. */
export interface OperationSpec {
  method: string;
  path: string;
  body: "none" | "json" | "multipart";
  answer: readonly string[];
  streams: boolean;
  idempotent: boolean;
  maxFileBytes?: number;
  /** The one generation that has this route; absent when both do. */
  generation?: ApiGeneration;
  /** The operation of the older generation this one succeeds. */
  replaces?: string;
  /** Body fields this operation names differently from the one it replaces: new name → old name. */
  renamedFrom?: Record<string, string>;
  deprecated?: boolean;
}

const table = operations as Record<string, OperationSpec>;

/** Each generation's operation for a call named by either generation's operationId. */
const variants = new Map<string, Partial<Record<ApiGeneration, string>>>();
for (const [id, spec] of Object.entries(table)) {
  if (!spec.replaces || !spec.generation) continue;
  const older = table[spec.replaces];
  const family = {
    ...variants.get(spec.replaces),
    ...(older?.generation ? { [older.generation]: spec.replaces } : {}),
    [spec.generation]: id,
  };
  for (const member of Object.values(family)) variants.set(member as string, family);
}

export function operationSpec(id: OperationId): OperationSpec {
  return table[id] as OperationSpec;
}

/** True when the route of this call depends on the generation (and so waits for it to be known). */
export function dependsOnGeneration(id: OperationId): boolean {
  return table[id]?.generation !== undefined;
}

/**
 * The operation that serves `id` on `generation`: itself, its successor or its predecessor.
 * A call the generation has no route for is refused before anything is sent.
 */
export function operationOn(id: OperationId, generation: ApiGeneration): OperationId {
  const spec = table[id] as OperationSpec;
  if (!spec.generation || spec.generation === generation) return id;
  const other = variants.get(id)?.[generation];
  if (other) return other as OperationId;
  throw new UnsupportedOperationError(id, generation);
}

/**
 * The body with its fields under the names `target` uses, whichever generation's names the
 * caller wrote (code copied from either generation's docs works). One field given under
 * both names is refused: which one was meant cannot be told.
 */
export function renamedBody(body: unknown, source: OperationId, target: OperationId): unknown {
  const renames = renamesBetween(source, target);
  if (renames.length === 0 || body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  const issues: InputIssue[] = [];
  let renamed: Record<string, unknown> | undefined;
  for (const [wanted, other] of renames) {
    if (record[other] === undefined) continue;
    if (record[wanted] !== undefined) {
      issues.push({
        field: `body.${other}`,
        message: `is the same field as body.${wanted} (another API generation's name for it): give one of them`,
      });
      continue;
    }
    renamed ??= { ...record };
    renamed[wanted] = renamed[other];
    delete renamed[other];
  }
  if (issues.length > 0) throw new RequestValidationError(issues);
  return renamed ?? body;
}

/**
 * A refusal of the renamed body, said in the caller's terms: a field they wrote under the
 * other generation's name is named as they wrote it, and a missing one by both names.
 */
export function inCallerTerms(error: unknown, callerBody: unknown, source: OperationId, target: OperationId): unknown {
  const renames = renamesBetween(source, target);
  if (!(error instanceof RequestValidationError) || renames.length === 0) return error;
  const written = callerBody !== null && typeof callerBody === "object" ? (callerBody as Record<string, unknown>) : {};
  const issues = error.issues.map((issue) => {
    const match = /^body\.([^.[]+)(.*)$/.exec(issue.field);
    const pair = match && renames.find(([wanted]) => wanted === match[1]);
    if (!match || !pair) return issue;
    const [wanted, other] = pair;
    if (written[other] !== undefined) return { ...issue, field: `body.${other}${match[2]}` };
    return written[wanted] === undefined ? { ...issue, field: `body.${wanted}${match[2]} (or body.${other})` } : issue;
  });
  return new RequestValidationError(issues);
}

/** [name the target uses, name the other generation uses] for every renamed field of a call. */
function renamesBetween(source: OperationId, target: OperationId): [string, string][] {
  const family = variants.get(source) ?? variants.get(target);
  if (!family) return [];
  const pairs: [string, string][] = [];
  for (const member of Object.values(family)) {
    for (const [newer, older] of Object.entries(table[member as string]?.renamedFrom ?? {})) {
      pairs.push(member === target ? [newer, older] : [older, newer]);
    }
  }
  return pairs;
}
