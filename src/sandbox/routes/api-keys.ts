/** API keys: the keys the sandbox has been called with, the caller's among them (see lifecycle/api-keys.ts). */
import { apiKeyView } from "../lifecycle/api-keys.js";
import type { Router } from "../routing.js";
import type { World } from "../world.js";

export function apiKeyRoutes(router: Router, world: World): void {
  router.on("listApiKeys", () => world.store.apiKeys.all().map(apiKeyView));
}
