/** Request problems in FastAPI's 422 shape, as the live API reports them. */
import type { components } from "../../generated/openapi.js";
import type { SchemaIssue } from "../core/schema-check.js";

type ValidationErrorEntry = components["schemas"]["ValidationError"];
export type Location = "body" | "path" | "query";

const quoted = (values: unknown[]) => {
  const words = values.map((value) => `'${String(value)}'`);
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : (words[0] ?? "");
};

const messages: Record<string, (issue: SchemaIssue, value: unknown) => { msg: string; type: string }> = {
  required: () => ({ msg: "Field required", type: "missing" }),
  minLength: (issue) => ({
    msg: `String should have at least ${issue.params.limit} character`,
    type: "string_too_short",
  }),
  maxLength: (issue) => ({
    msg: `String should have at most ${issue.params.limit} characters`,
    type: "string_too_long",
  }),
  minItems: (issue) => ({
    msg: `List should have at least ${issue.params.limit} item after validation, not 0`,
    type: "too_short",
  }),
  maxItems: (issue) => ({
    msg: `List should have at most ${issue.params.limit} items after validation`,
    type: "too_long",
  }),
  minimum: (issue) => ({
    msg: `Input should be greater than or equal to ${issue.params.limit}`,
    type: "greater_than_equal",
  }),
  maximum: (issue) => ({ msg: `Input should be less than or equal to ${issue.params.limit}`, type: "less_than_equal" }),
  enum: (issue) => ({ msg: `Input should be ${quoted([issue.params.allowedValues].flat())}`, type: "enum" }),
  // The schemas' one format: a binary part, which no text field is.
  format: () => ({ msg: "Value error, Expected UploadFile, received: <class 'str'>", type: "value_error" }),
  type: (issue, value) => {
    const expected = String([issue.params.type].flat()[0]);
    if (expected === "object")
      return {
        msg: "Input should be a valid dictionary or object to extract fields from",
        type: "model_attributes_type",
      };
    if (expected === "array") return { msg: "Input should be a valid list", type: "list_type" };
    // Query and form values arrive as text: FastAPI says it could not parse them.
    if (expected === "integer" && typeof value === "string")
      return { msg: "Input should be a valid integer, unable to parse string as an integer", type: "int_parsing" };
    return { msg: `Input should be a valid ${expected}`, type: `${expected}_type` };
  },
};

/** The value an issue is about, to word the message as FastAPI would. */
function valueAt(data: unknown, instancePath: string): unknown {
  let value = data;
  for (const segment of instancePath.split("/").slice(1))
    value = (value as Record<string, unknown> | undefined)?.[segment];
  return value;
}

export function toFastApiDetail(issues: SchemaIssue[], where: Location, data?: unknown): ValidationErrorEntry[] {
  // A oneOf's own issue adds nothing to its branches' issues, unless it is the only one.
  const specific = issues.filter((issue) => issue.keyword !== "oneOf" && issue.keyword !== "anyOf");
  return (specific.length > 0 ? specific : issues).map((issue) => {
    const loc: (string | number)[] = [where];
    for (const segment of issue.instancePath.split("/").slice(1))
      loc.push(/^\d+$/.test(segment) ? Number(segment) : segment);
    if (issue.keyword === "required") loc.push(String(issue.params.missingProperty));
    const described = messages[issue.keyword]?.(issue, valueAt(data, issue.instancePath)) ?? {
      msg: issue.message ?? "Invalid value",
      type: "value_error",
    };
    return { loc, ...described };
  });
}
