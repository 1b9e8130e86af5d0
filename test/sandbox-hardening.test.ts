/** The sandbox's HTTP layer under hostile input: who it lets in, what it logs, and how much it reads. */
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox, type SandboxOptions } from "../src/sandbox/index.js";

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
    expect(
      (await fetch(`${url}/api/v3/models/aligned`, { headers: { ...headers, authorization: "Bearer good" } })).status,
    ).toBe(429);
  });
});

describe("sandbox: what a request puts in the log cannot forge a line or drive the terminal", () => {
  /** Every control character there is, and the Unicode ones that break or reorder a line. */
  const hostile = [
    "\n",
    "\r",
    "\x1b]52;c;cGF5bG9hZA==\x07",
    "\x1b[2J",
    "\x00",
    "\x7f",
    "\x9b31m",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
  ];

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
        headers: {
          ...withKey,
          "content-type": "application/json",
          "x-session-id": Buffer.from(`s${latin1}`, "latin1").toString("latin1"),
        },
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

/** A GET with a Host header of the test's choosing (fetch sets its own). */
function getWithHost(
  url: string,
  path: string,
  host: string,
  headers: Record<string, string> = withKey,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers: { ...headers, host } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => (text += part));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("sandbox: only pages on this machine may call it (CORS)", () => {
  const loopbackOrigins = [
    "http://localhost:5173",
    "http://127.0.0.1:8080",
    "http://[::1]:3000",
    "http://localhost",
    "https://localhost:8443",
    "http://127.0.0.2:4000",
  ];
  const foreignOrigins = [
    "https://evil.example",
    "http://localhost.evil.example:5173",
    "http://127.0.0.1.nip.io",
    "http://evil.example:5173/localhost",
    "http://192.168.1.20:5173",
    "null",
    "file://",
    "chrome-extension://abcdef",
  ];

  it.each(loopbackOrigins)(
    "lets in %s: its preflight and its request are answered with the origin allowed",
    async (origin) => {
      const { url } = await start();
      const preflight = await fetch(`${url}/api/v3/models/aligned`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
      expect(preflight.headers.get("vary")).toMatch(/origin/i);
      const answer = await fetch(`${url}/api/v3/models/aligned`, { headers: { ...withKey, origin } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("access-control-allow-origin")).toBe(origin);
    },
  );

  it.each(foreignOrigins)(
    "refuses %s with 403 and no CORS header, before the request does anything",
    async (origin) => {
      const { url } = await start();
      const preflight = await fetch(`${url}/api/v3/documents`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      const form = new FormData();
      form.append("files", new Blob(["A page's upload."]), "page.md");
      const upload = await fetch(`${url}/api/v3/documents`, {
        method: "POST",
        headers: { ...withKey, origin },
        body: form,
      });
      expect(upload.status).toBe(403);
      expect(upload.headers.get("access-control-allow-origin")).toBeNull();
      expect((await upload.json()).detail).toContain("--cors-origin");
      expect((await (await fetch(`${url}/api/v3/documents`, { headers: withKey })).json()).documents).toEqual([]);
    },
  );

  it("lets in the origins corsOrigins adds, and still no other", async () => {
    const { url } = await start({ corsOrigins: ["https://app.example.com", "http://devbox.lan:3000"] });
    for (const origin of ["https://app.example.com", "http://devbox.lan:3000", "http://localhost:5173"]) {
      const answer = await fetch(`${url}/api/v3/models/aligned`, { headers: { ...withKey, origin } });
      expect([origin, answer.status, answer.headers.get("access-control-allow-origin")]).toEqual([origin, 200, origin]);
    }
    for (const origin of ["https://app.example.com:444", "http://app.example.com", "https://evil.example"]) {
      expect([
        origin,
        (await fetch(`${url}/api/v3/models/aligned`, { headers: { ...withKey, origin } })).status,
      ]).toEqual([origin, 403]);
    }
  });

  it("refuses an origin in corsOrigins that is not one, naming it", async () => {
    await expect(start({ corsOrigins: ["app.example.com"] })).rejects.toThrow(/corsOrigins.*app\.example\.com/);
    await expect(start({ corsOrigins: ["https://app.example.com/path"] })).rejects.toThrow(
      /corsOrigins.*https:\/\/app\.example\.com\/path/,
    );
  });

  it("answers clients that send no origin (the SDK on a server, curl) as before", async () => {
    const { url } = await start();
    const answer = await fetch(`${url}/api/v3/models/aligned`, { headers: withKey });
    expect(answer.status).toBe(200);
  });
});

describe("sandbox: only requests addressed to this machine (DNS rebinding)", () => {
  it("answers a loopback Host, and refuses any other with 403", async () => {
    const { url, port } = await start();
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "Localhost", "localhost"]) {
      expect([host, (await getWithHost(url, "/api/v3/models/aligned", host)).status]).toEqual([host, 200]);
    }
    for (const host of [
      `evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost.evil.example:${port}`,
      `192.168.1.20:${port}`,
      `0.0.0.0:${port}`,
    ]) {
      const answer = await getWithHost(url, "/api/v3/models/aligned", host);
      expect([host, answer.status]).toEqual([host, 403]);
      expect(answer.body.detail).toContain("--sandbox-key");
    }
  });

  it("serves other machines only behind keys: then any Host, and a URL that works", async () => {
    await expect(createSandbox({ log: false, host: "0.0.0.0" })).rejects.toThrow(/apiKeys/);
    const { url, port } = await start({ host: "0.0.0.0", apiKeys: ["lan-key"] });
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(
      (await getWithHost(url, "/api/v3/models/aligned", `devbox.lan:${port}`, { authorization: "Bearer lan-key" }))
        .status,
    ).toBe(200);
    expect(
      (await getWithHost(url, "/api/v3/models/aligned", `devbox.lan:${port}`, { authorization: "Bearer other" }))
        .status,
    ).toBe(401);
  });
});
