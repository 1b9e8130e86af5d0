import { VERSION } from "../version.js";

/**
 * Who is calling, as openai-node says with its own User-Agent: `nugen-ts/0.1.0 node/20.20.2
 * linux-x64`. Browsers send their own User-Agent and would turn a custom header into a CORS
 * preflight, so there the SDK adds nothing.
 */
export function userAgentHeaders(): Record<string, string> {
  const runtime = detectRuntime();
  return runtime ? { "User-Agent": `nugen-ts/${VERSION} ${runtime}` } : {};
}

function detectRuntime(): string | undefined {
  const g = globalThis as {
    Deno?: { version?: { deno?: string }; build?: { os?: string; arch?: string } };
    Bun?: { version?: string };
    process?: { versions?: { node?: string }; platform?: string; arch?: string };
    document?: unknown;
  };
  if (g.document !== undefined) return undefined;
  if (g.Deno?.version?.deno)
    return `deno/${g.Deno.version.deno} ${g.Deno.build?.os ?? "unknown"}-${g.Deno.build?.arch ?? "unknown"}`;
  if (g.Bun?.version) return `bun/${g.Bun.version} ${g.process?.platform ?? "unknown"}-${g.process?.arch ?? "unknown"}`;
  if (g.process?.versions?.node) return `node/${g.process.versions.node} ${g.process.platform}-${g.process.arch}`;
  return undefined;
}
