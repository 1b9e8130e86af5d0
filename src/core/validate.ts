import { type InputIssue, RequestValidationError } from "./errors.js";
import { jsonIssues } from "./json-body.js";
import { type Schema, type SchemaIssue, schemaIssues } from "./schema-check.js";

/**
 * Checks input against its schema in openapi.yaml and refuses it, before anything is sent,
 * with an error naming each offending field.
 * `root` names the value in messages: `body` gives `body.document_ids[1]`.
 */
export function assertValid(
  schema: Schema,
  value: unknown,
  root: string,
  options: { sendableChecked?: boolean } = {},
): void {
  // First what JSON or a URL cannot carry: a schema lets Infinity pass as an integer, and a
  // validator must not walk a cycle. A JSON body has been walked for it already (checkedJsonBody).
  if (!options.sendableChecked) {
    const unsendable = jsonIssues(value, root);
    if (unsendable.length > 0) throw new RequestValidationError(unsendable);
  }
  const found = schemaIssues(schema, value);
  if (found.length === 0) return;
  const issues = readable(found).map((issue) => toInputIssue(issue, value, root));
  throw new RequestValidationError(issues);
}

/**
 * The issues a person can act on: where a value matches none of several forms (`oneOf`),
 * one line says so instead of every branch's complaint; an `if`/`then` failure is already
 * said by the rule it broke.
 */
function readable(issues: SchemaIssue[]): SchemaIssue[] {
  const alternatives = issues
    .filter((issue) => issue.keyword === "oneOf" || issue.keyword === "anyOf")
    .map((issue) => issue.instancePath);
  return issues.filter((issue) => {
    if (issue.keyword === "if") return false;
    if (issue.keyword === "oneOf" || issue.keyword === "anyOf")
      return !alternatives.some((path) => path !== issue.instancePath && issue.instancePath.startsWith(`${path}/`));
    return !alternatives.some((path) => issue.instancePath === path || issue.instancePath.startsWith(`${path}/`));
  });
}

function toInputIssue(issue: SchemaIssue, value: unknown, root: string): InputIssue {
  const segments = issue.instancePath.split("/").slice(1).map(unescapePointer);
  if (issue.keyword === "required") segments.push(String(issue.params.missingProperty));
  return { field: fieldName(root, segments), message: describe(issue, valueAt(value, issue.instancePath)) };
}

function describe(issue: SchemaIssue, actual: unknown): string {
  const { keyword, params } = issue;
  switch (keyword) {
    case "required":
      return "is required";
    case "type":
      return `must be ${[params.type].flat().join(" or ")} (got ${kindOf(actual)})`;
    case "minLength":
      return params.limit === 1 ? "must not be empty" : `must be at least ${params.limit} characters long`;
    case "maxLength":
      return `must be at most ${params.limit} characters long`;
    case "maxItems":
      return `must hold at most ${params.limit} items`;
    case "minItems":
      return `must hold at least ${params.limit} item${params.limit === 1 ? "" : "s"}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `must be ${params.comparison} ${params.limit}`;
    case "enum":
      return `must be one of ${[params.allowedValues]
        .flat()
        .map((v) => JSON.stringify(v))
        .join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "format":
      if (params.format === "binary") {
        const shown = typeof actual === "string" && actual.length > 60 ? `${actual.slice(0, 60)}…` : actual;
        return `must be a file, not a string (${JSON.stringify(shown)}): for a file on disk pass fs.createReadStream(path) or new File([await fs.openAsBlob(path)], name); for text, await toFile(text, "name.md")`;
      }
      return `must be a valid ${String(params.format)}`;
    case "not":
      // The spec's one `not`: the ids that a URL path reads as "here" and "the route above".
      return actual === "." || actual === ".."
        ? `must not be ${JSON.stringify(actual)}: in a URL path it names another route`
        : `must not be ${JSON.stringify(actual)}`;
    case "oneOf":
    case "anyOf":
      return "does not match any of the allowed forms";
    case "if":
      return `must also match the schema's "${params.failingKeyword}" branch`;
    default:
      return issue.message ?? `fails the spec's ${keyword} rule`;
  }
}

function fieldName(root: string, segments: string[]): string {
  let name = root;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) name += `[${segment}]`;
    else name += name ? `.${segment}` : segment;
  }
  return name || "input";
}

function valueAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const segment of pointer.split("/").slice(1).map(unescapePointer)) {
    current = current && typeof current === "object" ? (current as Record<string, unknown>)[segment] : undefined;
  }
  return current;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function unescapePointer(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}
