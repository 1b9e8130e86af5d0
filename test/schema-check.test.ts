/**
 * src/core/schema-check.ts against Ajv: for every request schema of openapi.yaml (each
 * operation's body, path and query), random values, values built from the schema itself,
 * the spec's examples and mutations of all of these get the same verdict and the same issues
 * (instancePath, keyword, params, in order) from the interpreter reading the generated data
 * as from Ajv compiling the spec's schemas here, as the SDK's validators once were compiled.
 * The same issues give the same messages, in the SDK and in the sandbox's 422s.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { requestSchemas } from "../generated/request-schemas.js";
import { requestSchemasOf } from "../scripts/request-schemas.js";
import { type SchemaIssue, schemaIssues } from "../src/core/schema-check.js";
import { spec } from "./helpers/spec.js";

type Json = Record<string, any>;
const PARTS = ["body", "path", "query"] as const;

// As scripts/generate.ts compiled the SDK's validators: every issue, lengths in code units,
// a file part's format refusing strings.
const ajv = new Ajv2020({ allErrors: true, strict: false, unicode: false, messages: false, logger: false });
ajv.addFormat("binary", /(?!)/);
const { components, operations } = requestSchemasOf(structuredClone(spec));
const inSpecDocument = (schema: unknown) =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"openapi.yaml#/components/schemas/'));
ajv.addSchema({ $id: "openapi.yaml", components: { schemas: inSpecDocument(components) } });

const cases = operations.flatMap((operation) =>
  PARTS.filter((part) => operation[part]).map((part) => ({
    name: `${operation.id} ${part}`,
    id: operation.id,
    part,
    validate: ajv.compile(inSpecDocument(operation[part])),
  })),
);

function ajvIssues(validate: (data: unknown) => boolean, data: unknown): SchemaIssue[] {
  const validateWithErrors = validate as ((data: unknown) => boolean) & { errors?: SchemaIssue[] | null };
  if (validateWithErrors(data)) return [];
  return (validateWithErrors.errors ?? []).map(({ instancePath, keyword, params }) => ({
    instancePath,
    keyword,
    params,
  }));
}

/** The spec's named examples of an operation's body. */
function bodyExamples(operationId: string): unknown[] {
  for (const item of Object.values<Json>(spec.paths)) {
    for (const operation of Object.values<Json>(item)) {
      if (operation?.operationId !== operationId) continue;
      return Object.values<Json>(operation.requestBody?.content ?? {}).flatMap((media) =>
        Object.values<Json>(media.examples ?? {}).map((example) =>
          structuredClone(example.$ref ? spec.components.examples[example.$ref.split("/").pop()].value : example.value),
        ),
      );
    }
  }
  return [];
}

const file = () => new File(["Returns are accepted within 30 days."], "policy.md", { type: "text/markdown" });
/** Values at the edges of the spec's rules: empty and 256/257/4096/4097 characters, `.` and `..`, limits and one past them. */
const edges = fc.oneof(
  fc.constantFrom(
    "",
    ".",
    "..",
    "...",
    "a",
    "x".repeat(256),
    "x".repeat(257),
    "x".repeat(4096),
    "x".repeat(4097),
    "https://example.com/a.png",
    "data:image/png;base64,AA",
    "http://example.com",
    "😀",
    "text",
    "image_url",
    "function",
  ),
  fc.constantFrom(0, -1, 1, 1.5, 2, 10, 100, 101, 1000, 1001, 1e20, -0.5, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom(null, true, false),
  fc.constant(null).map(() => []),
  fc.constant(null).map(() => ({})),
  fc.constant(undefined),
);
const anything: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: edges },
  { weight: 1, arbitrary: fc.constant(null).map(() => file()) },
  { weight: 1, arbitrary: fc.constant(null).map(() => [file(), file()]) },
);

/** A value built from the schema (it mostly fits; where it has a choice it takes edges too). */
function fitting(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (typeof schema === "boolean" || depth > 6) return anything;
  const s = schema as Json;
  if (s.$ref) return fitting(s.$ref, depth + 1);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.oneOf || s.anyOf) return fc.oneof(...(s.oneOf ?? s.anyOf).map((branch: unknown) => fitting(branch, depth + 1)));
  if (s.allOf) return fitting(s.allOf[0], depth + 1);
  if (s.format === "binary") return fc.constant(null).map(() => file());
  const types: string[] = s.type === undefined ? ["string", "object"] : [s.type].flat();
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case "string": {
          const text = fc.string({
            minLength: s.minLength ?? 0,
            maxLength: Math.min(s.maxLength ?? 12, (s.minLength ?? 0) + 12),
          });
          return s.pattern
            ? fc.oneof(
                text.map((rest) => `https://${rest}`),
                text.map((rest) => `data:${rest}`),
                text,
              )
            : fc.oneof(text, edges);
        }
        case "integer":
          return fc.oneof(fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? (s.minimum ?? 0) + 50 }), edges);
        case "number":
          return fc.oneof(fc.double({ min: s.minimum ?? -5, max: s.maximum ?? 50, noNaN: true }), edges);
        case "boolean":
          return fc.boolean();
        case "null":
          return fc.constant(null);
        case "array":
          return fc.array(fitting(s.items ?? true, depth + 1), {
            minLength: Math.min(s.minItems ?? 0, 3),
            maxLength: Math.min(s.maxItems ?? 3, 3),
          });
        default: {
          const properties: Json = s.properties ?? {};
          const record = fc.record(
            Object.fromEntries(
              Object.entries(properties).map(([name, property]) => [name, fitting(property, depth + 1)]),
            ),
            {
              requiredKeys: (s.required ?? []).filter((name: string) => name in properties),
            },
          );
          if (
            s.additionalProperties === undefined ||
            s.additionalProperties === false ||
            s.additionalProperties === true
          )
            return record;
          return fc
            .tuple(
              record,
              fc.dictionary(fc.string({ maxLength: 5 }), fitting(s.additionalProperties, depth + 1), { maxKeys: 2 }),
            )
            .map(([known, extra]) => ({ ...extra, ...known }));
        }
      }
    }),
  );
}

/** One change somewhere in the value: a field dropped, added or replaced, a list grown, emptied or unwrapped, a value wrapped. */
const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("replace", "drop", "add", "grow", "empty", "wrap", "unwrap"),
  value: anything,
  name: fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom("name", "type", "id", "model", "files", "stream", "__proto__", "constructor"),
  ),
});

/** A deep copy that keeps files as they are. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!value || typeof value !== "object" || value instanceof Blob) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, copy(inner)]));
}

function nodesOf(
  value: unknown,
  found: { parent: any; key: string | number }[] = [],
  parent?: any,
  key?: string | number,
): typeof found {
  if (parent !== undefined) found.push({ parent, key: key! });
  if (value && typeof value === "object" && !(value instanceof Blob))
    for (const [inner, child] of Object.entries(value))
      nodesOf(child, found, value, Array.isArray(value) ? Number(inner) : inner);
  return found;
}

function mutate(value: unknown, changes: { at: number; kind: string; value: unknown; name: string }[]): unknown {
  const root = { value };
  for (const { value: inserted, ...rest } of changes) {
    // A fresh copy at each use: a value fast-check hands out twice must not end up inside itself.
    const change = { ...rest, value: copy(inserted) };
    const nodes = nodesOf(root.value, [], root, "value");
    const { parent, key } = nodes[change.at % nodes.length]!;
    const current = parent[key];
    switch (change.kind) {
      case "replace":
        parent[key] = change.value;
        break;
      case "drop":
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else if (parent !== root) delete parent[key];
        break;
      case "add":
        if (current && typeof current === "object" && !Array.isArray(current) && !(current instanceof Blob))
          Object.defineProperty(current, change.name, {
            value: change.value,
            enumerable: true,
            configurable: true,
            writable: true,
          });
        else parent[key] = { [change.name]: change.value };
        break;
      case "grow":
        if (Array.isArray(current)) current.push(current[0] ?? change.value, change.value);
        break;
      case "empty":
        parent[key] = Array.isArray(current) ? [] : typeof current === "string" ? "" : {};
        break;
      case "wrap":
        parent[key] = [current];
        break;
      case "unwrap":
        if (Array.isArray(current)) parent[key] = current[0];
        break;
    }
  }
  return root.value;
}

describe("the request-schema interpreter and Ajv", () => {
  it("cover every operation part the generated data holds, and no other", () => {
    expect(cases.length).toBeGreaterThan(30);
    const generated = Object.entries(requestSchemas).flatMap(([id, parts]) =>
      PARTS.filter((part) => parts?.[part]).map((part) => `${id} ${part}`),
    );
    expect(generated.sort()).toEqual(cases.map((entry) => entry.name).sort());
  });

  it.each(cases)("agree on $name", ({ id, part, validate }) => {
    const schema = requestSchemas[id]![part]!;
    const seeds: fc.Arbitrary<unknown>[] = [anything, fitting(schema)];
    if (part === "body") for (const example of bodyExamples(id)) seeds.push(fc.constant(example));
    const input = fc
      .tuple(fc.oneof(...seeds), fc.array(mutation, { maxLength: 3 }))
      .map(([seed, changes]) => mutate(copy(seed), changes));
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(input, (data) => {
        const expected = ajvIssues(validate, data);
        expect(schemaIssues(schema, data)).toEqual(expected);
        if (expected.length === 0) accepted++;
        else refused++;
      }),
      { numRuns: 300 },
    );
    // Both verdicts were exercised (an operation whose every input passed would prove little).
    expect(refused).toBeGreaterThan(0);
    if (part !== "query" || Object.keys((schema as Json).properties).length > 0) expect(accepted).toBeGreaterThan(0);
  });
});

/**
 * Schemas the spec does not have yet, made of every keyword the interpreter checks, so a
 * keyword's first use in a request (or a new mix of them) is already held to Ajv.
 */
describe("the interpreter and Ajv on made-up schemas", () => {
  const names = ["a", "b", "c", "d/e", "~"];
  const plain = fc.oneof(fc.constantFrom("", "a", "ab", "abc", "12", 0, 1, 2, -1, 2.5, true, false, null));
  const jsonTypes = ["string", "number", "integer", "boolean", "null", "object", "array"] as const;
  const keywordValues = (tie: (key: string) => fc.Arbitrary<unknown>): Record<string, fc.Arbitrary<unknown>> => ({
    enum: fc.array(plain, { minLength: 1, maxLength: 3 }),
    const: plain,
    not: tie("schema"),
    anyOf: fc.array(tie("schema"), { minLength: 1, maxLength: 3 }),
    oneOf: fc.array(tie("schema"), { minLength: 1, maxLength: 3 }),
    allOf: fc.array(tie("schema"), { minLength: 1, maxLength: 2 }),
    if: tie("schema"),
    then: tie("schema"),
    else: tie("schema"),
    maximum: fc.integer({ min: -1, max: 2 }),
    minimum: fc.integer({ min: -1, max: 2 }),
    exclusiveMaximum: fc.integer({ min: -1, max: 2 }),
    exclusiveMinimum: fc.integer({ min: -1, max: 2 }),
    maxLength: fc.nat(3),
    minLength: fc.nat(3),
    pattern: fc.constantFrom("^a", "b$", "^\\d+$"),
    format: fc.constant("binary"),
    maxItems: fc.nat(3),
    minItems: fc.nat(3),
    items: tie("schema"),
    maxProperties: fc.nat(3),
    minProperties: fc.nat(3),
    required: fc.uniqueArray(fc.constantFrom(...names), { maxLength: 3 }),
    additionalProperties: tie("schema"),
    properties: fc.dictionary(fc.constantFrom(...names), tie("schema"), { maxKeys: 3 }),
  });
  const { schema } = fc.letrec<{ schema: unknown; keywords: Json }>((tie) => ({
    schema: fc.oneof(
      { maxDepth: 3, depthIdentifier: "schema" },
      { weight: 1, arbitrary: fc.boolean() },
      { weight: 6, arbitrary: tie("keywords") },
    ),
    // A type half of the time, and up to four other keywords: small enough for Ajv to compile fast.
    keywords: fc
      .tuple(
        fc.record(
          {
            type: fc.oneof(
              fc.constantFrom(...jsonTypes),
              fc.uniqueArray(fc.constantFrom(...jsonTypes), { minLength: 1, maxLength: 3 }),
            ),
          },
          { requiredKeys: [] },
        ),
        fc.array(
          fc.oneof(
            ...Object.entries(keywordValues(tie)).map(([keyword, values]) =>
              values.map((schemaValue) => [keyword, schemaValue] as const),
            ),
          ),
          { maxLength: 4 },
        ),
      )
      .map(([typed, others]) => ({ ...typed, ...Object.fromEntries(others) })),
  }));
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { maxDepth: 3, depthIdentifier: "value" },
      plain,
      fc.constant(null).map(() => file()),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom(...names, "x"), tie("value"), { maxKeys: 4 }),
    ),
  }));

  it("find the same issues, in the same order", () => {
    let refused = 0;
    let unjudged = 0;
    fc.assert(
      fc.property(schema, fc.array(value, { minLength: 1, maxLength: 5 }), (made, values) => {
        const validate = ajv.compile(made as Json);
        for (const data of values) {
          let expected: SchemaIssue[];
          try {
            expected = ajvIssues(validate, data);
          } catch (error) {
            // Ajv's own slip on some mixes of if/else and additionalProperties inside oneOf (a
            // variable it never declared): no verdict to compare with.
            if (!(error instanceof ReferenceError)) throw error;
            unjudged++;
            continue;
          }
          expect(schemaIssues(made as Json, data)).toEqual(expected);
          if (expected.length > 0) refused++;
        }
      }),
      { numRuns: 2000 },
    );
    expect(refused).toBeGreaterThan(2000);
    expect(unjudged).toBeLessThan(100);
  });
});
