/**
 * The server the inference benchmarks call, in a process of its own: a Nugen chat stream
 * as the live API sends it, and an embeddings answer, as cheap to serve as node:http allows.
 *
 * The stream (Nugen's Python server writes JSON with `", "` and `": "`, as the spec's
 * examples show): `{"_timing": ...}` first, `chat.completion.chunk` events with short deltas
 * (the first with the role), `{"object": "confidence", ...}` after every ten chunks, a final
 * chunk with `finish_reason` and `usage`, `{"object": "timing", ...}`, then `data: [DONE]`.
 * It has exactly `x-bench-events` events, [DONE] included, and goes out in pieces of
 * `x-bench-piece` bytes (a TCP segment's worth by default) cut wherever they fall, inside an
 * event or a multi-byte character, one `write` each, waiting for `drain` as a server must.
 * With `x-bench-delta: tiny`, every delta is one letter (the memory bench). Streams of up to MAX_CACHED events are built once and kept; longer ones (the memory
 * bench) are built as they are written.
 *
 * The parent asks `{ stats: true }` over IPC; the answer counts the connections opened.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { chatStreamEvents, embeddingsBody, TCP_PIECE, tinyDelta } from "./chat-stream.js";

/** The stream's bytes, in pieces of `piece` bytes. */
function* pieces(total: number, piece: number, tiny: boolean): Generator<Buffer> {
  let pending: Buffer[] = [];
  let size = 0;
  for (const data of chatStreamEvents(total, tiny ? tinyDelta : undefined)) {
    const bytes = Buffer.from(`data: ${data}\n\n`);
    pending.push(bytes);
    size += bytes.length;
    if (size >= piece) {
      const joined = Buffer.concat(pending);
      let at = 0;
      for (; at + piece <= joined.length; at += piece) yield joined.subarray(at, at + piece);
      pending = at < joined.length ? [joined.subarray(at)] : [];
      size = joined.length - at;
    }
  }
  if (size > 0) yield Buffer.concat(pending);
}

const MAX_CACHED = 50_000;
const cache = new Map<string, Buffer[]>();
function cachedPieces(total: number, piece: number, tiny: boolean): Iterable<Buffer> {
  if (total > MAX_CACHED) return pieces(total, piece, tiny);
  const key = `${total}/${piece}/${tiny}`;
  let built = cache.get(key);
  if (!built) cache.set(key, (built = [...pieces(total, piece, tiny)].map((b) => Buffer.from(b))));
  return built;
}

/** Resolves when the socket takes more, or when the client has gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      resolve();
    };
    res.on("drain", done).on("close", done);
  });
}

let connections = 0;
const server = createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on("data", (part: Buffer) => parts.push(part));
  req.on("end", async () => {
    if (req.url === "/api/v3/inference/embeddings") {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(embeddingsBody),
        "x-request-id": "req_bench",
      });
      res.end(embeddingsBody);
      return;
    }
    const total = Math.max(5, Number(req.headers["x-bench-events"] ?? 200));
    const piece = Math.max(1, Number(req.headers["x-bench-piece"] ?? TCP_PIECE));
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-request-id": "req_bench",
    });
    res.flushHeaders();
    const tiny = req.headers["x-bench-delta"] === "tiny";
    for (const bytes of cachedPieces(total, piece, tiny)) {
      if (res.destroyed) return;
      if (!res.write(bytes)) await drained(res);
    }
    res.end();
  });
});
server.on("connection", () => connections++);
server.keepAliveTimeout = 60_000;
process.on("message", (message) => {
  if ((message as { stats?: boolean }).stats) process.send?.({ connections });
});
if (process.send) server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
