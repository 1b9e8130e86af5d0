/**
 * Issue 20, in the transport: deadlines that hold after a garbage collection, a cap on JSON
 * answers, and no key in any message, cause or stack the transport builds.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { AnswerTooLargeError, APITimeoutError, APIUserAbortError, Nugen, WaitTimeoutError } from "../src/index.js";
import { startServer, type TestServer } from "./helpers/server.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const apiKey = "nk-transport-hardening-0123456789";
let server: TestServer;
afterEach(() => server?.close());

/** A server that sends the headers and a first piece of the body, then stalls. */
function stallingServer() {
  return startServer((req, res) => {
    const streaming = req.path.includes("chat");
    res.writeHead(200, { "content-type": streaming ? "text/event-stream" : "application/json" });
    res.write(streaming ? 'data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n' : '{"status":');
  });
}

/** Runs `call` while collecting garbage every few milliseconds (Node 20's fetch then drops aborts it should forward). */
async function underGc<T>(call: () => Promise<T>): Promise<T> {
  const timer = setInterval(gc, 10);
  try {
    return await call();
  } finally {
    clearInterval(timer);
  }
}

const chat = { model: "m", messages: [{ role: "user" as const, content: "x" }], stream: true as const };

describe("deadlines hold after a garbage collection", () => {
  it("timeoutMs cuts a stream that stalls", async () => {
    server = await stallingServer();
    const nugen = new Nugen({ apiKey, baseUrl: server.url, timeoutMs: 150, maxRetries: 0 });
    await expect(
      underGc(async () => {
        for await (const _ of await nugen.chat.completions.create(chat));
      }),
    ).rejects.toBeInstanceOf(APITimeoutError);
  });

  it("stream.controller.abort() ends a stalled stream", async () => {
    server = await stallingServer();
    const nugen = new Nugen({ apiKey, baseUrl: server.url, timeoutMs: 60_000, maxRetries: 0 });
    await expect(
      underGc(async () => {
        const stream = await nugen.chat.completions.create(chat);
        setTimeout(() => stream.controller.abort(), 150);
        for await (const _ of stream);
      }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("the caller's signal ends a body that stalls", async () => {
    server = await stallingServer();
    const nugen = new Nugen({ apiKey, baseUrl: server.url, timeoutMs: 60_000, maxRetries: 0 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(underGc(() => nugen.models.listAligned({ signal: controller.signal }))).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
  });

  it("a wait's deadline ends a status read that stalls", async () => {
    server = await stallingServer();
    const nugen = new Nugen({ apiKey, baseUrl: server.url, timeoutMs: 60_000, maxRetries: 0 });
    await expect(
      underGc(() => nugen.alignmentProjects.waitUntilDone("p-1", { timeoutMs: 150 })),
    ).rejects.toBeInstanceOf(WaitTimeoutError);
  });
});

describe("a JSON answer has a size limit", () => {
  it("an endless body is refused once it passes the limit, and not read further", async () => {
    let written = 0;
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"domain_aligned_models":["');
      const piece = "x".repeat(1 << 20);
      const pump = () => {
        while (written < 512 * (1 << 20) && res.write(piece)) written += piece.length;
        if (written < 512 * (1 << 20)) res.once("drain", pump);
      };
      res.on("close", () => res.off("drain", pump));
      pump();
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, maxRetries: 0 });
    const error = await nugen.models.listAligned().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect((error as Error).message).toMatch(/larger than 67108864 bytes/);
    // The connection was closed: far less than the 512 MB the server would send was written.
    expect(written).toBeLessThan(200 * (1 << 20));
  });
});

describe("no key in what the transport builds", () => {
  it("a custom fetch's error text is scrubbed from the message, the cause and the stack", async () => {
    const leaky: typeof fetch = async () => {
      const cause = Object.assign(new Error(`socket to proxy failed (auth ${apiKey})`), { code: "EPROXY" });
      throw new TypeError(`fetch failed for Bearer ${apiKey}`, { cause });
    };
    const nugen = new Nugen({ apiKey, baseUrl: "http://127.0.0.1:9", fetch: leaky, maxRetries: 0 });
    const error = (await nugen.models.listAligned().catch((e: unknown) => e)) as Error & {
      cause: Error & { cause: Error & { code?: string } };
    };
    const everything = [
      error.message,
      error.stack,
      error.cause?.message,
      error.cause?.stack,
      error.cause?.cause?.message,
      error.cause?.cause?.stack,
    ].join("\n");
    expect(everything).toContain("[redacted]");
    expect(everything).not.toContain(apiKey);
    expect(error.cause.cause.code).toBe("EPROXY");
  });
});
