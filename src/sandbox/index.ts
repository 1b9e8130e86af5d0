export { createSandbox, type Sandbox, type SandboxOptions } from "./server.js";
export type { SandboxAppOptions } from "./app.js";
export type { FaultOptions } from "./faults.js";
export { SANDBOX_SETTINGS, type SandboxSettings } from "./settings.js";
export { DataFileError } from "./store.js";
export { FAIL_MARKER } from "./lifecycle/timing.js";
export { DEPLOY_FAIL_MARKER } from "./lifecycle/deployments.js";
