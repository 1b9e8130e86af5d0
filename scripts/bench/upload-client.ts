/**
 * One upload in a fresh process, so its heap holds nothing from another contestant:
 * `upload-client.ts <side> <url> <file>`. Reports over IPC how long the upload took and how
 * far memory rose above what the process held just before it (sampled every few ms), with
 * the process's peak RSS from the kernel. The sides:
 *
 * - `sdk`: `nugen.documents.upload(fs.createReadStream(file))`
 * - `raw`: fetch of a FormData holding `fs.openAsBlob(file)`, fetch's defaults
 * - `rawRedirectError`: the same with `redirect: "error"`, the one mode in which fetch
 *   sends the request as it is instead of a clone (a clone tees the body stream)
 * - `nodeHttp`: the file stream piped into `http.request` between a hand-written part
 *   header and closing boundary: the floor, what streaming from disk costs at all
 */
import { createReadStream, openAsBlob, statSync } from "node:fs";
import { request } from "node:http";
import { basename } from "node:path";

export type UploadSide = "sdk" | "raw" | "rawRedirectError" | "nodeHttp";

const [side, url, file] = process.argv.slice(2) as [UploadSide, string, string];
const SAMPLE_MS = 2;

async function main(): Promise<void> {
  // Everything loaded and built before the baseline: only the upload is measured.
  const { Nugen } = await import("../../src/index.js");
  const nugen = new Nugen({ apiKey: "bench-key", baseUrl: url });
  const rawFetch = async (init: RequestInit) => {
    const form = new FormData();
    form.append("files", new File([await openAsBlob(file)], basename(file)));
    const response = await fetch(`${url}/api/v3/documents`, {
      method: "POST",
      headers: { authorization: "Bearer bench-key" },
      body: form,
      ...init,
    });
    if (!response.ok) throw new Error(`raw upload answered ${response.status}`);
    return ((await response.json()) as { document_ids: string[] }).document_ids;
  };
  const uploads: Record<UploadSide, () => Promise<string[]>> = {
    sdk: async () => (await nugen.documents.upload(createReadStream(file))).document_ids,
    raw: () => rawFetch({}),
    rawRedirectError: () => rawFetch({ redirect: "error" }),
    nodeHttp: () => httpUpload(url, file),
  };
  const upload = uploads[side];

  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  const peak = { ...base };
  let samples = 0;
  const sample = () => {
    const now = process.memoryUsage();
    samples++;
    for (const key of ["rss", "heapUsed", "external", "arrayBuffers"] as const)
      peak[key] = Math.max(peak[key], now[key]);
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  const started = performance.now();
  const ids = await upload();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  sample();
  process.send?.({
    side,
    ids,
    seconds,
    samples,
    growth: {
      rss: peak.rss - base.rss,
      heapUsed: peak.heapUsed - base.heapUsed,
      external: peak.external - base.external,
      arrayBuffers: peak.arrayBuffers - base.arrayBuffers,
    },
    baseRss: base.rss,
    // ru_maxrss is in kilobytes on Linux.
    maxRss: process.resourceUsage().maxRSS * 1024,
  });
}

/** multipart/form-data by hand: part header, the file piped from disk, closing boundary. */
function httpUpload(url: string, file: string): Promise<string[]> {
  const boundary = `----nugen-bench-${process.pid}-${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${basename(file)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/v3/documents`, {
      method: "POST",
      headers: {
        authorization: "Bearer bench-key",
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": head.length + statSync(file).size + tail.length,
      },
    });
    req.on("error", reject);
    req.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        if (response.statusCode !== 200) return reject(new Error(`node:http upload answered ${response.statusCode}`));
        resolve((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { document_ids: string[] }).document_ids);
      });
    });
    req.write(head);
    const source = createReadStream(file);
    source.on("error", reject);
    source.on("end", () => req.end(tail));
    source.pipe(req, { end: false });
  });
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    process.send?.({ side, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    process.exitCode = 1;
    process.disconnect?.();
  },
);
