/** Request problems in FastAPI's 422 shape, as the live API reports them. */
import type { SchemaIssue } from "../../generated/validators.js";
import type { ValidationErrorEntry } from "../types.js";

const messages: Record<string, (issue: SchemaIssue) => { msg: string; type: string }> = {
  required: () => ({ msg: "Field required", type: "missing" }),
  minLength: (issue) => ({ msg: `String should have at least ${issue.params.limit} character`, type: "string_too_short" }),
  minItems: (issue) => ({ msg: `List should have at least ${issue.params.limit} item after validation, not 0`, type: "too_short" }),
  type: (issue) => {
    const expected = String([issue.params.type].flat()[0]);
    if (expected === "object") return { msg: "Input should be a valid dictionary or object to extract fields from", type: "model_attributes_type" };
    if (expected === "array") return { msg: "Input should be a valid list", type: "list_type" };
    return { msg: `Input should be a valid ${expected}`, type: `${expected}_type` };
  },
};

export function toFastApiDetail(issues: SchemaIssue[], where: "body" | "path"): ValidationErrorEntry[] {
  return issues.map((issue) => {
    const loc: (string | number)[] = [where];
    for (const segment of issue.instancePath.split("/").slice(1)) loc.push(/^\d+$/.test(segment) ? Number(segment) : segment);
    if (issue.keyword === "required") loc.push(String(issue.params.missingProperty));
    const described = messages[issue.keyword]?.(issue) ?? { msg: issue.message ?? "Invalid value", type: "value_error" };
    return { loc, ...described };
  });
}
