/** A real HTTP server on 127.0.0.1 (port 0) whose answers each test scripts, and which records what it got. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createTcpServer } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** The body's bytes, exactly as received. */
  raw: Buffer;
  /** Date.now() when the request arrived (fake time under fake timers). */
  at: number;
}

export type Handler = (request: RecordedRequest, response: ServerResponse, index: number) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const recorded = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body: raw.toString("utf8"),
      raw,
      at: Date.now(),
    };
    requests.push(recorded);
    await handler(recorded, res, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A loopback port with nothing listening on it: connecting is refused at once. */
export async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The real fetch, counting its calls: how many attempts a client made. */
export function countingFetch(): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  return {
    fetch: (input, init) => {
      calls++;
      return fetch(input, init);
    },
    calls: () => calls,
  };
}

/** A multipart body as received, parsed by the platform's own parser (undici's). */
export function formDataOf(request: RecordedRequest): Promise<FormData> {
  return new Response(new Uint8Array(request.raw), {
    headers: { "content-type": String(request.headers["content-type"]) },
  }).formData();
}
