/**
 * GET /openapi-public.json: the OpenAPI description of what this sandbox serves, as Nugen
 * publishes its own (no key). Its paths are the spec's operations this sandbox's generation
 * serves, from the generated table, so a client can tell the generation apart as it would
 * on Nugen.
 */
import { apiGenerations, type OperationId, operations } from "../../../generated/operations.js";
import { type Router, serves } from "../routing.js";

export function openApiDocumentRoutes(router: Router): void {
  const paths: Record<string, Record<string, { operationId: string; deprecated?: boolean }>> = {};
  for (const operationId of Object.keys(operations) as OperationId[]) {
    if (!serves(router.generation, operationId)) continue;
    const { method, path, ...rest } = operations[operationId];
    const deprecated = "deprecated" in rest && rest.deprecated;
    (paths[path] ??= {})[method.toLowerCase()] = { operationId, ...(deprecated ? { deprecated: true } : {}) };
  }
  const document = {
    openapi: "3.1.0",
    info: { title: "Nugen Intelligence API (local sandbox)", version: "sandbox" },
    "x-nugen-generations": router.generation ? [router.generation] : [...apiGenerations],
    paths,
  };
  router.on("getOpenApiDocument", () => document);
}
