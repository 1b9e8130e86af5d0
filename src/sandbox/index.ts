export { createSandbox, type Sandbox, type SandboxOptions } from "./server.js";
export { createSandboxApp, type SandboxAppOptions } from "./app.js";
export { FAIL_MARKER } from "./lifecycle.js";
