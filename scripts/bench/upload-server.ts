/**
 * The loopback server the upload benchmark sends to: node:http, counts and discards the
 * bytes, and proves what arrived. It hashes the file part as it streams through (never
 * holding the body), so a client cannot pass by sending less, or something else.
 * Expects one multipart part, as both contestants send it:
 *
 *   --B\r\n<part headers>\r\n\r\n<file bytes>\r\n--B--[\r\n]
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedUpload {
  method: string;
  path: string;
  /** Every byte of the request body. */
  bodyBytes: number;
  /** The file part's content only, and its sha256. */
  fileBytes: number;
  fileSha256: string;
  /** The part's `name` and `filename`, from its headers. */
  field: string | undefined;
  filename: string | undefined;
  /** Whether the body ended with the closing boundary right after the file. */
  wellFormed: boolean;
}

const HEAD_LIMIT = 64 * 1024;
const ANSWER = JSON.stringify({ document_ids: ["upl_1"] });

/** Reads one multipart body, hashing the single part's content without keeping it. */
async function receive(req: IncomingMessage): Promise<ReceivedUpload> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers["content-type"] ?? "");
  const marker = boundary?.[1] ?? boundary?.[2] ?? "\u0000no boundary";
  const closing = Buffer.from(`\r\n--${marker}--\r\n`);
  const hash = createHash("sha256");
  let bodyBytes = 0;
  let fileBytes = 0;
  let head: Buffer | undefined = Buffer.alloc(0);
  let headers = "";
  // The last closing.length bytes are held back: they may be the closing boundary.
  let held = Buffer.alloc(0);
  const feed = (chunk: Buffer) => {
    if (chunk.length >= closing.length) {
      hash.update(held);
      fileBytes += held.length;
      const cut = chunk.length - closing.length;
      hash.update(chunk.subarray(0, cut));
      fileBytes += cut;
      held = Buffer.from(chunk.subarray(cut));
    } else {
      const joined = Buffer.concat([held, chunk]);
      const cut = Math.max(0, joined.length - closing.length);
      hash.update(joined.subarray(0, cut));
      fileBytes += cut;
      held = joined.subarray(cut);
    }
  };
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bodyBytes += chunk.length;
    if (head === undefined) {
      feed(chunk);
      continue;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end === -1) {
      if (head.length > HEAD_LIMIT) head = Buffer.alloc(0);
      continue;
    }
    headers = head.subarray(0, end).toString("latin1");
    const rest = head.subarray(end + 4);
    head = undefined;
    if (rest.length > 0) feed(Buffer.from(rest));
  }
  // The tail: the closing boundary, with or without the final CRLF.
  const tail = held.lastIndexOf(`\r\n--${marker}--`);
  const wellFormed =
    headers.startsWith(`--${marker}\r\n`) &&
    tail !== -1 &&
    held.subarray(tail).toString("latin1").replace(/\r\n$/, "") === `\r\n--${marker}--`;
  if (tail > 0) {
    hash.update(held.subarray(0, tail));
    fileBytes += tail;
  }
  return {
    method: req.method ?? "",
    path: req.url ?? "",
    bodyBytes,
    fileBytes: wellFormed ? fileBytes : -1,
    fileSha256: wellFormed ? hash.digest("hex") : "",
    field: /name="([^"]*)"/.exec(headers)?.[1],
    filename: /filename="([^"]*)"/.exec(headers)?.[1],
    wellFormed,
  };
}

export async function startUploadServer(): Promise<{ url: string; received: ReceivedUpload[]; server: Server }> {
  const received: ReceivedUpload[] = [];
  const server = createServer((req, res) => {
    receive(req).then(
      (upload) => {
        received.push(upload);
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(ANSWER) });
        res.end(ANSWER);
      },
      () => res.destroy(),
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}
