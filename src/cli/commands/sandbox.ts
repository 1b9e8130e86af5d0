import { accessSync, constants, existsSync, statSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { dirname, resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { type ApiGeneration, apiGenerations } from "../../../generated/operations.js";
import { isLoopbackHost, parseOrigin } from "../../sandbox/access.js";
import { UsageError } from "../errors.js";
import { parseCount, parseMilliseconds, parseNumber } from "../parse-flags.js";
import { type IO, isClosed, writeLine } from "../io.js";

interface SandboxFlags {
  port: number;
  generation?: ApiGeneration;
  host: string;
  speed?: number;
  documentSeconds?: number;
  benchmarkSeconds?: number;
  jobSeconds?: number;
  deploySeconds?: number;
  undeploySeconds?: number;
  evaluationSeconds?: number;
  maxUploadBytes?: number;
  maxRequestBytes?: number;
  maxJsonBytes?: number;
  data?: string;
  latency?: number;
  failRate?: number;
  rateLimit?: number;
  tokensPerSecond?: number;
  streamCutAfter?: number;
  streamErrorAfter?: number;
  streamStallAfter?: number;
  agentRunQuota?: number;
  sandboxKey?: string[];
  corsOrigin?: string[];
  quiet?: boolean;
}

/** A share from 0 to 1, such as --fail-rate 0.2. */
export function parseRate(text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) throw new InvalidArgumentError("Expected a rate from 0 to 1, such as 0.2.");
  return value;
}

/** A speed factor: more than 0 (0 would stop the simulated clock). */
export function parseSpeed(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError("Expected a factor greater than 0, such as 10.");
  return value;
}

const BYTE_UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;

/** `1048576`, `512kb`, `100MB`: a size in bytes, more than 0. */
export function parseBytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  const value = match ? Math.floor(Number(match[1]) * BYTE_UNITS[(match[2]?.toLowerCase() ?? "b") as keyof typeof BYTE_UNITS]) : Number.NaN;
  if (!(value > 0)) throw new InvalidArgumentError("Expected a size such as 1048576, 512kb or 100mb.");
  return value;
}

/** A data file the sandbox can write (and the directory beside it, for uploaded files): refused at start, not at the first write. */
export function parseDataFile(text: string): string {
  const file = resolve(text);
  const directory = dirname(file);
  if (existsSync(file) && statSync(file).isDirectory()) throw new InvalidArgumentError(`${file} is a directory; give a file path.`);
  try {
    if (existsSync(file)) accessSync(file, constants.W_OK);
    // The directory too: the file is replaced by a rename, and uploads go beside it.
    accessSync(directory, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" || code === "ENOTDIR" ? `the directory ${directory} does not exist` : `it cannot be written (${code})`;
    throw new InvalidArgumentError(`Cannot keep the sandbox's state in ${file}: ${reason}.`);
  }
  return file;
}

/** `https://app.example.com`: a web page's origin, for --cors-origin (repeatable). */
export function parseCorsOrigin(text: string, origins: string[] = []): string[] {
  try {
    return [...origins, parseOrigin(text)];
  } catch {
    throw new InvalidArgumentError("Expected an origin: http or https, a host and an optional port, such as https://app.example.com or http://devbox.lan:3000.");
  }
}

const seconds = (flag: string, what: string, fallback: number) =>
  new Option(`${flag} <seconds>`, `simulated length of ${what} (default ${fallback})`).argParser(parseNumber);

export function registerSandbox(program: Command, io: IO): void {
  program
    .command("sandbox")
    .description("Run the local Nugen sandbox: a stateful, spec-checked API on your machine")
    .addOption(new Option("--port <port>", "port to listen on (0 picks a free one)").default(4010).argParser(parseCount))
    .option("--host <host>", "interface to listen on; another than loopback (0.0.0.0: every one) needs --sandbox-key", "127.0.0.1")
    .addOption(new Option("--generation <generation>", "serve one API generation only; the other's routes answer 404 (default: both, from one state)").choices([...apiGenerations]))
    .addOption(new Option("--speed <factor>", "run the simulated clock this many times faster").argParser(parseSpeed))
    .addOption(seconds("--document-seconds", "processing an uploaded document", 2))
    .addOption(seconds("--benchmark-seconds", "generating a benchmark", 2))
    .addOption(seconds("--job-seconds", "an alignment job", 10))
    .addOption(seconds("--deploy-seconds", "deploying a model", 3))
    .addOption(seconds("--undeploy-seconds", "undeploying a model", 2))
    .addOption(seconds("--evaluation-seconds", "an evaluation", 3))
    .addOption(new Option("--max-upload-bytes <size>", "largest uploaded file, e.g. 10mb (default: the API's 100 MB)").argParser(parseBytes))
    .addOption(new Option("--max-request-bytes <size>", "largest upload request, all its files together, e.g. 50mb (default: ten files' worth)").argParser(parseBytes))
    .addOption(new Option("--max-json-bytes <size>", "largest JSON body, e.g. 64kb (default 1 MB)").argParser(parseBytes))
    .addOption(new Option("--data <file>", "persist state to this JSON file (written atomically; uploads go to <file>.files/)").argParser(parseDataFile))
    .addOption(new Option("--latency <ms>", "delay every answer by this many milliseconds").argParser(parseMilliseconds))
    .addOption(new Option("--fail-rate <rate>", "share of requests (0..1) answered with a random 5xx").argParser(parseRate))
    .addOption(new Option("--rate-limit <n>", "requests per second before answering 429 (0: no limit)").argParser(parseNumber))
    .addOption(new Option("--tokens-per-second <n>", "pace of streamed tokens (0: as fast as possible; default 200)").argParser(parseNumber))
    .addOption(new Option("--stream-cut-after <events>", "close every stream's connection after this many events, without [DONE]").argParser(parseCount))
    .addOption(new Option("--stream-error-after <events>", "end every stream with an error event after this many events").argParser(parseCount))
    .addOption(new Option("--stream-stall-after <events>", "stop every stream after this many events, leaving the connection open").argParser(parseCount))
    .addOption(new Option("--agent-run-quota <runs>", "agent runs allowed in all; past them a run is refused with 402 (default: no limit)").argParser(parseCount))
    .option("--quiet", "do not log a line per request")
    .option("--sandbox-key <key>", "accept only this bearer key (repeat for several; default: any)", (key: string, keys: string[] = []) => [...keys, key])
    .addOption(new Option("--cors-origin <origin>", "also let in web pages from this origin, e.g. https://app.example.com (repeat for several; default: pages on localhost, 127.0.0.1, [::1])").argParser(parseCorsOrigin))
    .addHelpText(
      "after",
      "\nExamples:\n  $ nugen sandbox --port 4010\n  $ nugen sandbox --speed 10 --fail-rate 0.2 --data ./sandbox.json\n  $ nugen sandbox --generation 2026-07\n" +
        "  A project whose name contains [fail] fails, and one named with [fail-deploy] makes a model that fails to deploy; a file whose name contains [fail] fails processing.\n" +
        "  One request can set its own faults with headers: x-sandbox-latency-ms, x-sandbox-fail-rate, x-sandbox-rate-limit, x-sandbox-tokens-per-second,\n" +
        "  x-sandbox-stream-cut-after, x-sandbox-stream-error-after, x-sandbox-stream-stall-after, x-sandbox-evaluation-status-fails.",
    )
    .action(async (flags: SandboxFlags) => {
      if (!isLoopbackHost(flags.host) && !flags.sandboxKey) {
        throw new UsageError(`--host ${flags.host} lets other machines call the sandbox, and it accepts any key: give --sandbox-key <key> too (repeat for several), or leave --host out to listen on 127.0.0.1 alone.`);
      }
      // Loaded only for this command, so the others start fast.
      const { createSandbox, DataFileError } = await import("../../sandbox/index.js");
      const sandbox = await createSandbox({
        port: flags.port,
        host: flags.host,
        generation: flags.generation,
        speed: flags.speed,
        documentSeconds: flags.documentSeconds,
        benchmarkSeconds: flags.benchmarkSeconds,
        jobSeconds: flags.jobSeconds,
        deploySeconds: flags.deploySeconds,
        undeploySeconds: flags.undeploySeconds,
        evaluationSeconds: flags.evaluationSeconds,
        maxUploadBytes: flags.maxUploadBytes,
        maxRequestBytes: flags.maxRequestBytes,
        maxJsonBytes: flags.maxJsonBytes,
        dataFile: flags.data,
        latencyMs: flags.latency,
        failRate: flags.failRate,
        rateLimit: flags.rateLimit,
        tokensPerSecond: flags.tokensPerSecond,
        streamCutAfter: flags.streamCutAfter,
        streamErrorAfter: flags.streamErrorAfter,
        streamStallAfter: flags.streamStallAfter,
        agentRunQuota: flags.agentRunQuota,
        apiKeys: flags.sandboxKey,
        corsOrigins: flags.corsOrigin,
        log: flags.quiet ? false : batchedLines(io.stdout),
      }).catch((error: unknown) => {
        // A --data file it cannot start from is a mistake in how it was called (exit 2).
        if (error instanceof DataFileError) throw new UsageError(`--data ${error.file}: the sandbox cannot start from it: it ${error.reason}; ${error.advice}.`);
        throw error;
      });
      writeLine(io.stdout, `Nugen sandbox listening on ${sandbox.url}`);
      if (flags.generation) writeLine(io.stderr, `Serving the ${flags.generation} API generation only.`);
      if (flags.host === "0.0.0.0" || flags.host === "::") {
        const others = lanAddresses().map((address) => `http://${address}:${sandbox.port}`);
        if (others.length > 0) writeLine(io.stderr, `Other machines: ${others.join(", ")}`);
      }
      // The key the sandbox takes, if it was given one, is not repeated on the terminal.
      const key = flags.sandboxKey ? "<your --sandbox-key>" : "any";
      writeLine(io.stderr, `Try: NUGEN_BASE_URL=${sandbox.url} NUGEN_API_KEY=${key} nugen models list   (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        const stop = () => void sandbox.close().then(resolve);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}

/** This machine's IPv4 addresses on its networks, where other machines can reach a sandbox on 0.0.0.0. */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((address) => (address && address.family === "IPv4" && !address.internal ? [address.address] : []));
}

/** One write per turn of the event loop, however many requests it served: a write per line would cost more than the requests. */
function batchedLines(stream: NodeJS.WriteStream): (line: string) => void {
  let pending: string[] = [];
  return (line) => {
    // Nobody reads the log any more (`nugen sandbox | head -1`): the sandbox serves on.
    if (isClosed(stream)) return;
    if (pending.push(line) > 1) return;
    setImmediate(() => {
      stream.write(`${pending.join("\n")}\n`);
      pending = [];
    });
  };
}
