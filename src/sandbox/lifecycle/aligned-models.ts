/**
 * Aligned models: the seed's (the spec's examples) and those this sandbox's projects make.
 * Which model a request names, and what it was made from; its deployment is in
 * deployments.ts, its project's progress in projects.ts.
 */
import type { components } from "../../../generated/openapi.js";
import { DEPLOY_FAIL_MARKER } from "./deployments.js";
import type { ProjectRecord } from "./projects.js";

type Schemas = components["schemas"];

/** A seed model, from the spec's examples: in the 2026-07 shape, so with its id. */
export type SeedModel = Schemas["DomainAlignedModel"] & { id: string; base_model: string };
/** A base model of the seed, in the 2026-07 shape (`id`, `name`). */
export type SeedBaseModel = Schemas["BaseModel"] & { id: string };

/**
 * An aligned model, from a project of this sandbox or from the seed. A project's model is
 * `ready` once the project is; a 2026-09 project's exists while it trains, to deploy early.
 */
export type AlignedModelSource =
  | { kind: "project"; project: ProjectRecord; ready: boolean }
  | { kind: "seed"; seed: SeedModel };

/** The base model an aligned model was made from. */
export function baseModelOf(source: AlignedModelSource): string {
  return source.kind === "seed" ? source.seed.base_model : source.project.request.base_model;
}

/** Whether deploying this model fails (see deployments.ts). */
export function deployFails(id: string, source: AlignedModelSource): boolean {
  return (
    id.includes(DEPLOY_FAIL_MARKER) ||
    (source.kind === "project" && source.project.request.name.toLowerCase().includes(`[${DEPLOY_FAIL_MARKER}]`))
  );
}

/** The status a model has before it is first deployed or undeployed here: the seed's own, else UNDEPLOYED. */
export function initialStatus(source: AlignedModelSource): string {
  return source.kind === "seed" ? String(source.seed.deployment_status ?? source.seed.status) : "UNDEPLOYED";
}

/** The model's name, as an agent's `base_model_name` shows it. */
export function alignedModelName(source: AlignedModelSource): string | null {
  return source.kind === "seed" ? (source.seed.name ?? null) : source.project.request.name;
}
