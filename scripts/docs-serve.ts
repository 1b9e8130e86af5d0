/** `npm run docs:serve [-- --port 8080]`: serves the built reference site (dist/docs) on localhost. */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const docsDir = resolve(fileURLToPath(import.meta.url), "../../dist/docs");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
};

/** Starts a static server for dist/docs on 127.0.0.1; port 0 picks a free one. */
export async function serveDocs(port = 0): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(docsDir, "index.html")))
    throw new Error("dist/docs/index.html is missing: run `npm run docs` first.");
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname)).replace(
      /^(\.\.[/\\])+/,
      "",
    );
    const file = join(docsDir, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(docsDir) || !existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(port, "127.0.0.1", done));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: "string", default: "8080" } } });
  const { url } = await serveDocs(Number(values.port));
  console.log(`Nugen API reference at ${url} (Ctrl-C to stop)`);
}
