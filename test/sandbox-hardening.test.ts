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

describe("sandbox: what a request puts in the log cannot forge a line or drive the terminal", () => {
  /** Every control character there is, and the Unicode ones that break or reorder a line. */
  const hostile = ["\n", "\r", "\x1b]52;c;cGF5bG9hZA==\x07", "\x1b[2J", "\x00", "\x7f", "\x9b31m", "\u2028", "\u2029", "\u202e", "\u2066"];

  it("escapes them in the path and in the header and body values it notes", async () => {
    const lines: string[] = [];
    const { url } = await start({ log: (line) => lines.push(line), tokensPerSecond: 0 });
    for (const text of hostile) {
      const forged = `${text}2026-01-01T00:00:00.000Z GET /api/v3/models/aligned 200 0.1ms`;
      await fetch(`${url}/api/v3/models/${encodeURIComponent(forged)}`, { headers: withKey });
      // Header values reach the sandbox as Latin-1: a C1 control (0x9b, the 8-bit CSI) arrives as it is.
      const latin1 = text === "\x9b31m" ? text : "x";
      await fetch(`${url}/api/v3/inference/chat/completions`, {
        method: "POST",
        headers: { ...withKey, "content-type": "application/json", "x-session-id": Buffer.from(`s${latin1}`, "latin1").toString("latin1") },
        body: JSON.stringify({ model: `m${text}odel`, messages: [{ role: "user", content: "hi" }] }),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.length).toBeGreaterThanOrEqual(hostile.length * 2);
    for (const line of lines) {
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    }
    // Escaped, not dropped: the log still says what arrived.
    expect(lines.join("\n")).toContain("\\x1b]52;c;cGF5bG9hZA==\\x07");
    expect(lines.join("\n")).toContain("\\x0a2026-01-01");
    expect(lines.join("\n")).toContain("\\u202e");
    expect(lines.join("\n")).toContain("session-id=s\\x9b31m");
  });
});
