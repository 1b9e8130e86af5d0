/** What the CLI tests share: a fast sandbox per file, real documents in it, and a fake terminal for in-process runs. */
import { EventEmitter } from "node:events";
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { main } from "../../src/cli/main.js";
import { Nugen, toFile } from "../../src/index.js";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { RETURNS_POLICY } from "./sandbox.js";

export const KEY = "nk-cli-SECRET-0123456789";
export const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Every job a few hundred ms long, so that waits end quickly yet show progress first. */
export const FAST: SandboxOptions = {
  log: false,
  jobSeconds: 0.6,
  documentSeconds: 0.3,
  benchmarkSeconds: 0.3,
  deploySeconds: 0.3,
  undeploySeconds: 0.3,
  evaluationSeconds: 0.6,
};

export interface CliSandbox {
  sandbox: Sandbox;
  url: string;
  /** NUGEN_API_KEY and NUGEN_BASE_URL for the CLI. */
  env: Record<string, string>;
  nugen: Nugen;
  /** Moves the sandbox's clock forward: a long job ends when the test says, not when a timer does. */
  skip(ms: number): void;
  /** A processed document of unique content (the same content twice is refused). */
  document(name?: string): Promise<string>;
  /** A READY benchmark generated from a fresh document. */
  benchmark(): Promise<string>;
  close(): Promise<void>;
}

let unique = 0;

/** Document text with a line of its own, so that each upload is new content. */
export function uniqueText(): string {
  return `${RETURNS_POLICY}Reference ${process.pid}-${++unique}-${Date.now()}.\n`;
}

/** A sandbox on the real clock plus whatever `skip` added. */
export async function startCliSandbox(options: SandboxOptions = {}): Promise<CliSandbox> {
  let offset = 0;
  const sandbox = await createSandbox({ ...FAST, now: () => Date.now() + offset, ...options });
  const nugen = new Nugen({ apiKey: KEY, baseUrl: sandbox.url });
  const state: CliSandbox = {
    sandbox,
    url: sandbox.url,
    env: { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: sandbox.url },
    nugen,
    skip: (ms) => void (offset += ms),
    async document(name = "policy.md") {
      const [ready] = await nugen.documents.uploadAndWait(await toFile(uniqueText(), name), { pollIntervalMs: 100 });
      return ready?.document_id ?? "";
    },
    async benchmark() {
      const document = await state.document();
      return (
        await nugen.benchmarks.createAndWait({ documents: [document], num_questions: 3 }, { pollIntervalMs: 100 })
      ).id;
    },
    close: () => sandbox.close(),
  };
  return state;
}

/** A sandbox for the tests of one file, started before them and closed after. */
export function useCliSandbox(options: SandboxOptions = {}): CliSandbox {
  const state = {} as CliSandbox;
  beforeAll(async () => {
    Object.assign(state, await startCliSandbox(options));
  });
  afterAll(() => state.close?.());
  return state;
}

/** A terminal of a given width that records what is written to it, and can be resized. */
export class FakeTerminal extends EventEmitter {
  readonly chunks: string[] = [];
  constructor(
    public columns: number,
    readonly isTTY = true,
  ) {
    super();
  }
  write(chunk: string | Uint8Array, callback?: () => void): boolean {
    this.chunks.push(String(chunk));
    callback?.();
    return true;
  }
  resize(columns: number): void {
    this.columns = columns;
    this.emit("resize");
  }
  get text(): string {
    return this.chunks.join("");
  }
}

/** A plain pipe (not a terminal) that records what is written to it. */
export function fakePipe(): FakeTerminal {
  return new FakeTerminal(0, false);
}

/** Lines as a terminal shows them: split at carriage returns and newlines, colours removed. */
export function visibleLines(text: string): string[] {
  return text.replace(ANSI, "").split(/\r|\n/);
}

/** A keyboard on a terminal: what a test writes to it is typed (`\r` is Enter, `\x03` Ctrl-C, `\x04` Ctrl-D). */
export class FakeKeyboard extends PassThrough {
  readonly isTTY = true;
  isRaw = false;
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }
  type(text: string): void {
    this.write(text);
  }
}

/** Runs the CLI in this process, writing to the given streams; resolves to its exit code. */
export function runInProcess(
  args: string[],
  env: Record<string, string>,
  streams: { stdout?: FakeTerminal; stderr?: FakeTerminal; stdin?: NodeJS.ReadableStream } = {},
): Promise<number> {
  const stdout = streams.stdout ?? fakePipe();
  const stderr = streams.stderr ?? fakePipe();
  const stdin = streams.stdin as NodeJS.ReadStream | undefined;
  return main(["node", "nugen", ...args], {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    env,
    ...(stdin ? { stdin } : {}),
  });
}

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The JSON body, parsed; undefined when there is none. */
  body: any;
}

/** A pass-through to the sandbox that records each request and can add headers to it (the sandbox's fault headers). */
export interface RecordingProxy {
  url: string;
  requests: ProxiedRequest[];
  /** Added to every request passed on, until changed. */
  headers: Record<string, string>;
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const proxy: RecordingProxy = { url: "", requests: [], headers: {}, close: async () => {} };
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString("utf8");
    proxy.requests.push({
      method: request.method ?? "",
      path: request.url ?? "",
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    });
    const upstream = httpRequest(
      new URL(request.url ?? "/", target),
      { method: request.method, headers: { ...request.headers, ...proxy.headers } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        // A stream the sandbox cut is cut here too.
        answer.on("close", () => {
          if (!answer.complete) response.destroy();
        });
      },
    );
    upstream.on("error", () => response.destroy());
    // A client that leaves (Ctrl-C) leaves the sandbox too.
    response.on("close", () => {
      if (!response.writableFinished) upstream.destroy();
    });
    upstream.end(raw);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
