/** The sandbox's HTTP layer under hostile input: who it lets in, what it logs, and how much it reads. */
import { afterEach, describe, expect, it } from "vitest";
import { type Sandbox, type SandboxOptions, createSandbox } from "../src/sandbox/index.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  sandbox = await createSandbox({ log: false, ...options });
  return sandbox;
}

const withKey = { authorization: "Bearer k" };

describe("sandbox: the key is checked before any fault is injected", () => {
  it("answers 401 without a key, whatever fault the sandbox or the request asks for", async () => {
    const { url } = await start({ failRate: 1, rateLimit: 1 });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await fetch(`${url}/api/v3/models/aligned`)).status).toBe(401);
      expect((await fetch(`${url}/api/v3/models/aligned`, { headers: { authorization: "Bearer" } })).status).toBe(401);
    }
    // Requests without a key did not use up the rate limit: the first with one meets the fail rate.
    expect((await fetch(`${url}/api/v3/models/aligned`, { headers: withKey })).status).toBeGreaterThanOrEqual(500);
    expect((await fetch(`${url}/api/v3/models/aligned`, { headers: withKey })).status).toBe(429);
  });

  it("answers 401 for a refused key even when the request's own headers ask for a fault", async () => {
    const { url } = await start({ apiKeys: ["good"] });
    const headers = { authorization: "Bearer bad", "x-sandbox-fail-rate": "1", "x-sandbox-rate-limit": "0.5" };
    expect((await fetch(`${url}/api/v3/models/aligned`, { headers })).status).toBe(401);
    expect((await fetch(`${url}/api/v3/models/aligned`, { headers: { ...headers, authorization: "Bearer good" } })).status).toBe(429);
  });
});
