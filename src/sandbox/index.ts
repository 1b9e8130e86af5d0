export type { SandboxAppOptions } from "./app.js";
export type { FaultOptions } from "./faults.js";
export { DEPLOY_FAIL_MARKER } from "./lifecycle/deployments.js";
export { FAIL_MARKER } from "./lifecycle/timing.js";
export { createSandbox, type Sandbox, type SandboxOptions } from "./server.js";
export { SANDBOX_SETTINGS, type SandboxSettings } from "./settings.js";
export { DataFileError } from "./store.js";
