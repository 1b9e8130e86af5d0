import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type SandboxAppOptions, createSandboxApp } from "./app.js";

export interface SandboxOptions extends SandboxAppOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
}

export interface Sandbox {
  /** Base URL to give the SDK, such as http://127.0.0.1:4010. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a local, stateful Nugen API on loopback. No key or network needed. */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { app } = createSandboxApp(options);
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(started));
    started.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
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
