/** A sandbox on a clock the test moves by hand, and raw HTTP calls to it (no SDK in between). */
import { createSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";

export const RETURNS_POLICY = `# Returns policy
Unopened items can be returned within 30 days of delivery with the receipt or order number.
Defective products are returned at our expense: we e-mail a prepaid return label.
Refunds are issued within 5 business days to the original payment method.
Opened software can only be exchanged when the disc is defective.
Gift returns need the gift receipt and are refunded as store credit.
`;

export interface TestSandbox {
  sandbox: Sandbox;
  url: string;
  /** Moves the sandbox's clock forward. */
  advance(ms: number): void;
  now(): number;
  /** A request with a bearer key (and JSON content type unless the body is a form). */
  call(path: string, init?: RequestInit): Promise<Response>;
  json<T = any>(path: string, init?: RequestInit): Promise<T>;
  /** Uploads files as one multipart request. */
  upload(
    files: { name: string; content: string | Uint8Array }[],
    fields?: Record<string, string | string[]>,
  ): Promise<Response>;
  /** Uploads one file and waits (on the fake clock) until it is a processed `doc_...` document. */
  document(name: string, content: string): Promise<string>;
  /** Generates a benchmark from documents and waits until it is READY. */
  benchmark(documents: string[], numQuestions?: number): Promise<string>;
  close(): Promise<void>;
}

export const START = Date.parse("2026-11-24T12:00:00Z");

export async function startSandbox(options: SandboxOptions = {}, start = START): Promise<TestSandbox> {
  let clock = start;
  const sandbox = await createSandbox({ log: false, now: () => clock, ...options });
  const url = sandbox.url;
  const call = (path: string, init: RequestInit = {}) => {
    const isForm = init.body instanceof FormData;
    const headers = {
      authorization: "Bearer test-key",
      ...(isForm ? {} : { "content-type": "application/json" }),
      ...(init.headers as Record<string, string>),
    };
    return fetch(`${url}${path}`, { ...init, headers });
  };
  const json = async (path: string, init?: RequestInit) => {
    const response = await call(path, init);
    const body = await response.json();
    if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  const upload = (
    files: { name: string; content: string | Uint8Array }[],
    fields: Record<string, string | string[]> = {},
  ) => {
    const form = new FormData();
    for (const file of files) form.append("files", new Blob([file.content as BlobPart]), file.name);
    for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item);
    return call("/api/v3/documents", { method: "POST", body: form });
  };
  const settings = {
    documentMs: (options.documentSeconds ?? 2) * 1000,
    benchmarkMs: (options.benchmarkSeconds ?? 2) * 1000,
    speed: options.speed ?? 1,
  };
  return {
    sandbox,
    url,
    advance: (ms) => void (clock += ms),
    now: () => clock,
    call,
    json,
    upload,
    async document(name, content) {
      const response = await upload([{ name, content }]);
      const { document_ids } = await response.json();
      clock += settings.documentMs / settings.speed;
      const status = await json(`/api/v3/documents/${document_ids[0]}`);
      if (status.status !== "READY") throw new Error(`document ${name} is ${status.status}`);
      return status.document_id;
    },
    async benchmark(documents, numQuestions = 4) {
      const created = await json("/api/v3/benchmark/create", {
        method: "POST",
        body: JSON.stringify({ documents, num_questions: numQuestions }),
      });
      clock += settings.benchmarkMs / settings.speed;
      return created.benchmark_id;
    },
    close: () => sandbox.close(),
  };
}
