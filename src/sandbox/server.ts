import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { isLoopbackHost } from "./access.js";
import { createSandboxApp, type SandboxAppOptions } from "./app.js";

export interface SandboxOptions extends SandboxAppOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1; any other (0.0.0.0 for every one) needs `apiKeys`. */
  host?: string;
}

/** The address to give clients of a server listening on every interface: this machine's own. */
const UNSPECIFIED = { "0.0.0.0": "127.0.0.1", "::": "::1" } as Record<string, string>;

export interface Sandbox {
  /** Base URL to give the SDK, such as http://127.0.0.1:4010 (this machine's address when listening on every interface). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a local, stateful Nugen API on loopback. No key or network needed. */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  // Off loopback, other machines can call it: the sandbox then takes only the keys it is given.
  const beyondLoopback = !isLoopbackHost(host);
  if (beyondLoopback && !options.apiKeys?.length) {
    throw new TypeError(
      `Refusing to listen on ${host} without apiKeys: other machines could call the sandbox with any key. Give apiKeys (--sandbox-key), or listen on 127.0.0.1.`,
    );
  }
  const { app } = createSandboxApp({ ...options, allowAnyHost: options.allowAnyHost || beyondLoopback });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(started));
    started.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const reachable = UNSPECIFIED[host] ?? host;
  const shownHost = reachable.includes(":") ? `[${reachable}]` : reachable;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise((resolve, reject) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
