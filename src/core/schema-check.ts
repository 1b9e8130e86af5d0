/**
 * Checks a value against one of the spec's request schemas, kept as data
 * (generated/request-schemas.ts): the JSON Schema keywords those schemas use, no more.
 * It finds what Ajv finds, in the same order and shape (`instancePath`, `keyword`, `params`),
 * so the messages worded from the issues stay as they were when Ajv's compiled validators
 * did this; test/schema-check.test.ts holds the two to it. scripts/generate.ts refuses a
 * schema with any keyword not handled here.
 */

/** One way a value breaks a schema, as Ajv reports it (without its wording: the SDK words its own). */
export interface SchemaIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A request schema as generated/request-schemas.ts holds it: a `$ref` is the schema itself, not a name. */
export type Schema = boolean | object;

type Keywords = Record<string, any>;
type Check = (value: any, data: any, path: string, schema: Keywords, issues: SchemaIssue[], keyword: string) => void;

function report(issues: SchemaIssue[], instancePath: string, keyword: string, params: Record<string, unknown> = {}): void {
  issues.push({ instancePath, keyword, params });
}

/** A JSON pointer segment (RFC 6901). */
function segment(key: string | number): string {
  return `/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** Ajv's type tests (without strictNumbers: a number is any `number`, NaN too). */
function isType(type: string, data: any): boolean {
  switch (type) {
    case "null":
      return data === null;
    case "array":
      return Array.isArray(data);
    case "object":
      return Boolean(data) && typeof data === "object" && !Array.isArray(data);
    case "integer":
      return typeof data === "number" && !(data % 1) && !Number.isNaN(data);
    default:
      return typeof data === type;
  }
}

/** Whether `data` passes `schema`; its issues are added to `issues` either way. */
function passes(schema: Schema, data: unknown, path: string, issues: SchemaIssue[]): boolean {
  const before = issues.length;
  walk(schema, data, path, issues);
  return issues.length === before;
}

const compare =
  (comparison: string, holds: (data: number, limit: number) => boolean): Check =>
  (limit, data, path, _schema, issues, keyword) => {
    // Written as what must hold, so NaN fails as it does in Ajv.
    if (!holds(data, limit)) report(issues, path, keyword, { comparison, limit });
  };

const atMost =
  (size: (data: any) => number, most: boolean): Check =>
  (limit, data, path, _schema, issues, keyword) => {
    if (most ? size(data) > limit : size(data) < limit) report(issues, path, keyword, { limit });
  };

const patterns = new Map<string, RegExp>();

/** Each keyword's check, run only on data of the keyword's type (see `GROUPS`). */
const CHECKS: Record<string, Check> = {
  $ref: (target, data, path, _schema, issues) => walk(target, data, path, issues),
  const: (value, data, path, _schema, issues) => {
    if (data !== value) report(issues, path, "const", { allowedValue: value });
  },
  enum: (values: unknown[], data, path, _schema, issues) => {
    if (values.indexOf(data) < 0) report(issues, path, "enum", { allowedValues: values });
  },
  not: (schema, data, path, _schema, issues) => {
    if (passes(schema, data, path, [])) report(issues, path, "not");
  },
  // The first form that fits ends the search; the others' issues go.
  anyOf: (forms: Schema[], data, path, _schema, issues) => {
    const before = issues.length;
    for (const form of forms) {
      if (passes(form, data, path, issues)) {
        issues.length = before;
        return;
      }
    }
    report(issues, path, "anyOf");
  },
  // Exactly one form must fit: the search stops at a second (both reported), as Ajv's does.
  oneOf: (forms: Schema[], data, path, _schema, issues) => {
    const before = issues.length;
    let passing: number | undefined;
    for (let index = 0; index < forms.length; index++) {
      if (!passes(forms[index]!, data, path, issues)) continue;
      if (passing !== undefined) return report(issues, path, "oneOf", { passingSchemas: [passing, index] });
      passing = index;
    }
    if (passing === undefined) report(issues, path, "oneOf", { passingSchemas: null });
    else issues.length = before;
  },
  allOf: (all: Schema[], data, path, _schema, issues) => {
    for (const schema of all) walk(schema, data, path, issues);
  },
  if: (condition, data, path, schema, issues) => {
    const clause = passes(condition, data, path, []) ? "then" : "else";
    if (schema[clause] !== undefined && !passes(schema[clause], data, path, issues)) report(issues, path, "if", { failingKeyword: clause });
  },
  maximum: compare("<=", (data, limit) => data <= limit),
  minimum: compare(">=", (data, limit) => data >= limit),
  exclusiveMaximum: compare("<", (data, limit) => data < limit),
  exclusiveMinimum: compare(">", (data, limit) => data > limit),
  maxLength: atMost((data: string) => data.length, true),
  minLength: atMost((data: string) => data.length, false),
  pattern: (pattern: string, data: string, path, _schema, issues) => {
    let regExp = patterns.get(pattern);
    if (!regExp) patterns.set(pattern, (regExp = new RegExp(pattern, "u")));
    if (!regExp.test(data)) report(issues, path, "pattern", { pattern });
  },
  // The one format: a binary part (a file), which no string is. On numbers it checks nothing.
  format: (format, data, path, _schema, issues) => {
    if (typeof data === "string") report(issues, path, "format", { format });
  },
  maxItems: atMost((data: unknown[]) => data.length, true),
  minItems: atMost((data: unknown[]) => data.length, false),
  items: (schema, data: unknown[], path, _schema, issues) => {
    for (let index = 0; index < data.length; index++) walk(schema, data[index], path + segment(index), issues);
  },
  maxProperties: atMost((data: object) => Object.keys(data).length, true),
  minProperties: atMost((data: object) => Object.keys(data).length, false),
  required: (names: string[], data, path, _schema, issues) => {
    for (const name of names) if (data[name] === undefined) report(issues, path, "required", { missingProperty: name });
  },
  additionalProperties: (extra, data, path, schema, issues) => {
    if (extra === true) return;
    const known = schema.properties ?? {};
    for (const key in data) {
      if (Object.hasOwn(known, key)) continue;
      if (extra === false) report(issues, path, "additionalProperties", { additionalProperty: key });
      else walk(extra, data[key], path + segment(key), issues);
    }
  },
  properties: (properties: Record<string, Schema>, data, path, _schema, issues) => {
    for (const name in properties) if (data[name] !== undefined) walk(properties[name]!, data[name], path + segment(name), issues);
  },
};

/**
 * The keywords in the order Ajv applies them, by the type of data each applies to (none:
 * any data). `then` and `else` count for their group; `if` applies them.
 */
const GROUPS: [type: string | undefined, keywords: string[]][] = [
  [undefined, ["$ref", "const", "enum", "not", "anyOf", "oneOf", "allOf", "if", "then", "else"]],
  ["number", ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "format"]],
  ["string", ["maxLength", "minLength", "pattern", "format"]],
  ["array", ["maxItems", "minItems", "items"]],
  ["object", ["maxProperties", "minProperties", "required", "additionalProperties", "properties"]],
];

/** Every keyword a request schema may use (`type` included); the generator refuses any other. */
export const SCHEMA_KEYWORDS: readonly string[] = ["type", ...new Set(GROUPS.flatMap(([, keywords]) => keywords))];

interface Plan {
  types: string[];
  /** The type is checked before any keyword (else in the else-branch of its keyword group, as Ajv does). */
  typeFirst: boolean;
  groups: [type: string | undefined, keywords: string[]][];
}

/** What to check for each schema, worked out on its first use. */
const plans = new WeakMap<object, Plan>();

function planOf(schema: Keywords): Plan {
  let plan = plans.get(schema);
  if (plan) return plan;
  const types: string[] = schema.type === undefined ? [] : [schema.type].flat();
  // A group counts when the schema has any of its keywords (even one checked elsewhere, as `then`).
  const groups = GROUPS.filter(([, keywords]) => keywords.some((keyword) => schema[keyword] !== undefined)).map(
    ([type, keywords]): [string | undefined, string[]] => [type, keywords.filter((keyword) => schema[keyword] !== undefined && keyword in CHECKS)],
  );
  const typeFirst = types.length > 0 && !(types.length === 1 && groups.some(([type]) => type === types[0]));
  plan = { types, typeFirst, groups };
  plans.set(schema, plan);
  return plan;
}

function walk(schema: Schema, data: unknown, path: string, issues: SchemaIssue[]): void {
  if (typeof schema === "boolean") {
    if (!schema) report(issues, path, "false schema");
    return;
  }
  const keywords = schema as Keywords;
  const { types, typeFirst, groups } = planOf(keywords);
  if (typeFirst && !types.some((type) => isType(type, data))) report(issues, path, "type", { type: keywords.type });
  for (const [type, checks] of groups) {
    if (type !== undefined && !isType(type, data)) {
      if (!typeFirst && types[0] === type) report(issues, path, "type", { type: keywords.type });
      continue;
    }
    for (const keyword of checks) CHECKS[keyword]!(keywords[keyword], data, path, keywords, issues, keyword);
  }
}

/** The issues `data` has against `schema`, in the order Ajv reports them; none when it conforms. */
export function schemaIssues(schema: Schema, data: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  walk(schema, data, "", issues);
  return issues;
}
