/**
 * Checks a value against one of the spec's request schemas, kept as data
 * (generated/request-schemas.ts): the JSON Schema keywords those schemas use, no more.
 * It finds what Ajv finds, in the same order and shape (`instancePath`, `keyword`, `params`),
 * so the messages worded from the issues stay as they were when Ajv's compiled validators
 * did this; test/schema-check.test.ts holds the two to it. scripts/generate.ts refuses a
 * schema with any keyword not handled here.
 *
 * Each schema is turned into a function on its first use (a closure per keyword it has),
 * so a call walks the value, not the schema's keywords.
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
/** Adds the issues of `data` (found at `path`) to `issues`. */
type Check = (data: any, path: string, issues: SchemaIssue[]) => void;
/** The check of one keyword, made from its value and the schema around it. */
type KeywordCheck = (value: any, schema: Keywords, keyword: string) => Check;

function report(
  issues: SchemaIssue[],
  instancePath: string,
  keyword: string,
  params: Record<string, unknown> = {},
): void {
  issues.push({ instancePath, keyword, params });
}

/** A JSON pointer segment (RFC 6901). */
function segment(key: string): string {
  return `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** Ajv's type tests (without strictNumbers: a number is any `number`, NaN too). */
const TYPES: Record<string, (data: any) => boolean> = {
  null: (data) => data === null,
  boolean: (data) => typeof data === "boolean",
  number: (data) => typeof data === "number",
  integer: (data) => typeof data === "number" && !(data % 1) && !Number.isNaN(data),
  string: (data) => typeof data === "string",
  array: (data) => Array.isArray(data),
  object: (data) => Boolean(data) && typeof data === "object" && !Array.isArray(data),
};

/** Whether `data` passes `check`; its issues are added to `issues` either way. */
function passes(check: Check, data: unknown, path: string, issues: SchemaIssue[]): boolean {
  const before = issues.length;
  check(data, path, issues);
  return issues.length === before;
}

const compare =
  (comparison: string, holds: (data: number, limit: number) => boolean): KeywordCheck =>
  (limit, _schema, keyword) =>
  (data, path, issues) => {
    // Written as what must hold, so NaN fails as it does in Ajv.
    if (!holds(data, limit)) report(issues, path, keyword, { comparison, limit });
  };

const limit =
  (size: (data: any) => number, most: boolean): KeywordCheck =>
  (bound, _schema, keyword) =>
  (data, path, issues) => {
    if (most ? size(data) > bound : size(data) < bound) report(issues, path, keyword, { limit: bound });
  };

const pass: Check = () => {};
const length = (data: string | unknown[]) => data.length;
const keyCount = (data: object) => Object.keys(data).length;

/** Each keyword's check, run only on data of the keyword's type (see `GROUPS`). */
const KEYWORDS: Record<string, KeywordCheck> = {
  $ref: (target) => compile(target),
  const: (value) => (data, path, issues) => {
    if (data !== value) report(issues, path, "const", { allowedValue: value });
  },
  enum: (values: unknown[]) => (data, path, issues) => {
    if (values.indexOf(data) < 0) report(issues, path, "enum", { allowedValues: values });
  },
  not: (schema) => {
    const check = compile(schema);
    return (data, path, issues) => {
      if (passes(check, data, path, [])) report(issues, path, "not");
    };
  },
  // The first form that fits ends the search; the others' issues go.
  anyOf: (forms: Schema[]) => {
    const checks = forms.map(compile);
    return (data, path, issues) => {
      const before = issues.length;
      for (const check of checks) {
        if (passes(check, data, path, issues)) {
          issues.length = before;
          return;
        }
      }
      report(issues, path, "anyOf");
    };
  },
  // Exactly one form must fit: the search stops at a second (both reported), as Ajv's does.
  oneOf: (forms: Schema[]) => {
    const checks = forms.map(compile);
    return (data, path, issues) => {
      const before = issues.length;
      let passing: number | undefined;
      for (let index = 0; index < checks.length; index++) {
        if (!passes(checks[index]!, data, path, issues)) continue;
        if (passing !== undefined) return report(issues, path, "oneOf", { passingSchemas: [passing, index] });
        passing = index;
      }
      if (passing === undefined) report(issues, path, "oneOf", { passingSchemas: null });
      else issues.length = before;
    };
  },
  allOf: (all: Schema[]) => {
    const checks = all.map(compile);
    return (data, path, issues) => {
      for (const check of checks) check(data, path, issues);
    };
  },
  if: (condition, schema) => {
    const check = compile(condition);
    const clauses = {
      then: schema.then === undefined ? undefined : compile(schema.then),
      else: schema.else === undefined ? undefined : compile(schema.else),
    };
    return (data, path, issues) => {
      const clause = passes(check, data, path, []) ? "then" : "else";
      const then = clauses[clause];
      if (then && !passes(then, data, path, issues)) report(issues, path, "if", { failingKeyword: clause });
    };
  },
  maximum: compare("<=", (data, bound) => data <= bound),
  minimum: compare(">=", (data, bound) => data >= bound),
  exclusiveMaximum: compare("<", (data, bound) => data < bound),
  exclusiveMinimum: compare(">", (data, bound) => data > bound),
  maxLength: limit(length, true),
  minLength: limit(length, false),
  pattern: (pattern: string) => {
    const regExp = new RegExp(pattern, "u");
    return (data, path, issues) => {
      if (!regExp.test(data)) report(issues, path, "pattern", { pattern });
    };
  },
  // The one format: a binary part (a file), which no string is. On numbers it checks nothing.
  format: (format) => (data, path, issues) => {
    if (typeof data === "string") report(issues, path, "format", { format });
  },
  maxItems: limit(length, true),
  minItems: limit(length, false),
  items: (schema) => {
    const check = compile(schema);
    return (data: unknown[], path, issues) => {
      for (let index = 0; index < data.length; index++) check(data[index], `${path}/${index}`, issues);
    };
  },
  maxProperties: limit(keyCount, true),
  minProperties: limit(keyCount, false),
  required: (names: string[]) => (data, path, issues) => {
    for (const name of names) if (data[name] === undefined) report(issues, path, "required", { missingProperty: name });
  },
  additionalProperties: (extra, schema) => {
    if (extra === true) return pass;
    const known = schema.properties ?? {};
    const check = compile(extra);
    return (data, path, issues) => {
      for (const key in data) {
        if (Object.hasOwn(known, key)) continue;
        if (extra === false) report(issues, path, "additionalProperties", { additionalProperty: key });
        else check(data[key], path + segment(key), issues);
      }
    };
  },
  properties: (properties: Record<string, Schema>) => {
    const names = Object.keys(properties);
    const pointers = names.map(segment);
    const checks = names.map((name) => compile(properties[name]!));
    return (data, path, issues) => {
      for (let index = 0; index < names.length; index++) {
        const value = data[names[index]!];
        if (value !== undefined) checks[index]!(value, path + pointers[index], issues);
      }
    };
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

const compiled = new WeakMap<object, Check>();

/** The check of a schema (the generated schemas hold no cycle: each is made once, from the leaves up). */
function compile(schema: Schema): Check {
  if (typeof schema === "boolean") return schema ? pass : (_data, path, issues) => report(issues, path, "false schema");
  let check = compiled.get(schema);
  if (check) return check;
  const keywords = schema as Keywords;
  const types: string[] = keywords.type === undefined ? [] : [keywords.type].flat();
  // A group counts when the schema has any of its keywords (even one checked elsewhere, as `then`).
  const groups = GROUPS.filter(([, names]) => names.some((name) => keywords[name] !== undefined)).map(
    ([type, names]) =>
      [
        type,
        names
          .filter((name) => keywords[name] !== undefined && KEYWORDS[name])
          .map((name) => KEYWORDS[name]!(keywords[name], keywords, name)),
      ] as const,
  );
  // As Ajv: the type is checked first, unless the schema has keywords of that one type (then
  // it is the else of their group).
  const typeFirst = types.length > 0 && !(types.length === 1 && groups.some(([type]) => type === types[0]));
  const typeError: Check = (_data, path, issues) => report(issues, path, "type", { type: keywords.type });
  const tests = types.map((type) => TYPES[type]!);
  const steps = groups.map(([type, checks]): Check => {
    const run: Check = (data, path, issues) => {
      for (let index = 0; index < checks.length; index++) checks[index]!(data, path, issues);
    };
    if (type === undefined) return run;
    const fits = TYPES[type]!;
    const otherwise = !typeFirst && types[0] === type ? typeError : pass;
    return (data, path, issues) => (fits(data) ? run : otherwise)(data, path, issues);
  });
  check = (data, path, issues) => {
    if (typeFirst) {
      let fits = false;
      for (let index = 0; index < tests.length && !fits; index++) fits = tests[index]!(data);
      if (!fits) typeError(data, path, issues);
    }
    for (let index = 0; index < steps.length; index++) steps[index]!(data, path, issues);
  };
  compiled.set(schema, check);
  return check;
}

/** The issues `data` has against `schema`, in the order Ajv reports them; none when it conforms. */
export function schemaIssues(schema: Schema, data: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  compile(schema)(data, "", issues);
  return issues;
}
