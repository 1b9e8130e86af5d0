/**
 * The request schemas of openapi.yaml: per operation the schema of its body and of its path
 * and query parameters, fit for validating input, with `$ref`s to the component schemas they
 * use (`#/components/schemas/Name`), and those components. scripts/generate.ts writes them
 * out as data for src/core/schema-check.ts; test/schema-check.test.ts compiles the same ones
 * with Ajv to hold the two to the same verdicts.
 */

type JsonSchema = Record<string, any>;

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const;
const COMPONENT_REF = /^#\/components\/schemas\/([^/]+)$/;

export interface RequestSchemas {
  components: Record<string, JsonSchema>;
  /** In the spec's order; an operation without body or parameters has none of the three. */
  operations: { id: string; body?: JsonSchema; path?: JsonSchema; query?: JsonSchema }[];
}

/** The body's media type: what the SDK must build (JSON or multipart), if the operation has a body. */
export function bodyOf(operation: JsonSchema): { kind: "json" | "multipart"; mediaType: string } | undefined {
  const content = operation.requestBody?.content ?? {};
  if (content["application/json"]) return { kind: "json", mediaType: "application/json" };
  if (content["multipart/form-data"]) return { kind: "multipart", mediaType: "multipart/form-data" };
  return undefined;
}

// Annotations validate nothing. So does a `format` other than a file's (JSON Schema 2020-12
// makes formats annotations, and Ajv ignored the spec's others as unknown).
const ANNOTATIONS = new Set([
  "description",
  "examples",
  "example",
  "default",
  "title",
  "summary",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
]);

/**
 * A copy fit for validating input: annotations dropped (they would only add weight) and a
 * binary part (`format: binary`) reduced to its format: the SDK turns files into parts
 * itself and checks them with a clearer message than a schema could give, but a string
 * there (a path, say) would go out as a text part, so the format refuses strings.
 */
export function forValidation(value: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(value)) return value.map((item) => forValidation(item));
  if (value === null || typeof value !== "object") return value;
  const schema = value as JsonSchema;
  if (!isPropertyMap && schema.format === "binary") return { format: "binary" };
  return Object.fromEntries(
    Object.entries(schema)
      // Under `properties` the keys are field names (a field may be called `description`).
      .filter(([key]) => isPropertyMap || (!ANNOTATIONS.has(key) && !key.startsWith("x-") && key !== "format"))
      .map(([key, inner]) => [key, forValidation(inner, !isPropertyMap && key === "properties")]),
  );
}

/** What a local `$ref` (`#/components/parameters/Limit`) points at. */
function resolve(spec: JsonSchema, value: JsonSchema): JsonSchema {
  if (typeof value?.$ref !== "string") return value;
  if (!value.$ref.startsWith("#/")) throw new Error(`openapi.yaml: ${value.$ref} is not a reference inside the spec.`);
  const target = value.$ref
    .slice(2)
    .split("/")
    .map((part: string) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((node: JsonSchema | undefined, part: string) => node?.[part], spec);
  if (target === undefined) throw new Error(`openapi.yaml: ${value.$ref} points at nothing.`);
  return resolve(spec, target);
}

function parametersIn(spec: JsonSchema, operation: JsonSchema, where: "path" | "query"): JsonSchema | undefined {
  const parameters = (operation.parameters ?? [])
    .map((parameter: JsonSchema) => resolve(spec, parameter))
    .filter((parameter: JsonSchema) => parameter.in === where);
  if (parameters.length === 0) return undefined;
  return {
    type: "object",
    required: parameters
      .filter((parameter: JsonSchema) => parameter.required)
      .map((parameter: JsonSchema) => parameter.name),
    properties: Object.fromEntries(parameters.map((parameter: JsonSchema) => [parameter.name, parameter.schema])),
  };
}

/** The names of the component schemas `schema` refers to, directly. */
export function referencedComponents(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) referencedComponents(item, found);
  else if (schema !== null && typeof schema === "object") {
    for (const [key, inner] of Object.entries(schema)) {
      if (key === "$ref" && typeof inner === "string") {
        const name = COMPONENT_REF.exec(inner)?.[1];
        if (!name)
          throw new Error(
            `openapi.yaml: a request schema refers to ${inner}; only whole component schemas (#/components/schemas/Name) can be referred to.`,
          );
        found.add(name.replaceAll("~1", "/").replaceAll("~0", "~"));
      } else referencedComponents(inner, found);
    }
  }
  return found;
}

/** `spec`: openapi.yaml as parsed, its `$ref`s unresolved. */
export function requestSchemasOf(spec: JsonSchema): RequestSchemas {
  const operations: RequestSchemas["operations"] = [];
  for (const [path, item] of Object.entries<JsonSchema>(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as JsonSchema | undefined;
      if (!operation) continue;
      const requestBody = operation.requestBody ? resolve(spec, operation.requestBody) : undefined;
      const body = bodyOf({ requestBody });
      const parts = {
        body: body ? requestBody?.content[body.mediaType].schema : undefined,
        path: parametersIn(spec, operation, "path"),
        query: parametersIn(spec, operation, "query"),
      };
      const entry: RequestSchemas["operations"][number] = { id: operation.operationId };
      for (const [part, schema] of Object.entries(parts))
        if (schema) entry[part as "body"] = forValidation(schema) as JsonSchema;
      if (!entry.id) throw new Error(`openapi.yaml: ${method.toUpperCase()} ${path} has no operationId.`);
      operations.push(entry);
    }
  }
  // Every component a request schema reaches, and no other (responses are not checked).
  const components: Record<string, JsonSchema> = {};
  const pending = [...referencedComponents(operations)];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (components[name]) continue;
    const schema = spec.components?.schemas?.[name];
    if (schema === undefined)
      throw new Error(`openapi.yaml: #/components/schemas/${name} is referred to but not defined.`);
    components[name] = forValidation(schema) as JsonSchema;
    pending.push(...referencedComponents(components[name]));
  }
  return {
    components: Object.fromEntries(
      Object.keys(spec.components?.schemas ?? {})
        .filter((name) => components[name])
        .map((name) => [name, components[name]!]),
    ),
    operations,
  };
}
