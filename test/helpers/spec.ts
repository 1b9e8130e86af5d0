/** openapi.yaml, read for tests: its named examples are the fixtures, so tests follow the spec. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const specPath = fileURLToPath(new URL("../../openapi.yaml", import.meta.url));
export const spec = parse(readFileSync(specPath, "utf8"));

export function specExample<T = unknown>(name: string): T {
  const example = spec.components.examples[name];
  if (!example) throw new Error(`openapi.yaml has no example named ${name}`);
  return structuredClone(example.value) as T;
}
