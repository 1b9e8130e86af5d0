import { type Command, Option } from "commander";
import { parseCount, parseNumber } from "../duration.js";
import { type IO, writeLine } from "../io.js";

interface SandboxFlags {
  port: number;
  host: string;
  speed?: number;
  jobSeconds?: number;
  data?: string;
  latency?: number;
  failRate?: number;
  rateLimit?: number;
  apiKey?: string[];
  quiet?: boolean;
}

export function registerSandbox(program: Command, io: IO): void {
  program
    .command("sandbox")
    .description("Run the local Nugen sandbox: a stateful, spec-checked API on your machine")
    .addOption(new Option("--port <port>", "port to listen on (0 picks a free one)").default(4010).argParser(parseCount))
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .addOption(new Option("--speed <factor>", "run the simulated clock this many times faster").argParser(parseNumber))
    .addOption(new Option("--job-seconds <seconds>", "simulated length of an alignment job (default 10)").argParser(parseNumber))
    .option("--data <file>", "persist state to this JSON file (written atomically)")
    .addOption(new Option("--latency <ms>", "delay every answer by this many milliseconds").argParser(parseNumber))
    .addOption(new Option("--fail-rate <rate>", "share of requests (0..1) answered with a random 5xx").argParser(parseNumber))
    .addOption(new Option("--rate-limit <n>", "requests per second before answering 429").argParser(parseNumber))
    .option("--quiet", "do not log a line per request")
    .option("--sandbox-key <key>", "accept only this bearer key (repeat for several; default: any)", (key: string, keys: string[] = []) => [...keys, key])
    .addHelpText("after", "\nExamples:\n  $ nugen sandbox --port 4010\n  $ nugen sandbox --speed 10 --fail-rate 0.2 --data ./sandbox.json\n  A project whose name contains [fail] fails, to try error handling.")
    .action(async (flags: SandboxFlags & { sandboxKey?: string[] }) => {
      // Loaded only for this command, so the others start fast.
      const { createSandbox } = await import("../../sandbox/index.js");
      const sandbox = await createSandbox({
        port: flags.port,
        host: flags.host,
        speed: flags.speed,
        jobSeconds: flags.jobSeconds,
        dataFile: flags.data,
        latencyMs: flags.latency,
        failRate: flags.failRate,
        rateLimit: flags.rateLimit,
        apiKeys: flags.sandboxKey,
        log: flags.quiet ? false : batchedLines(io.stdout),
      });
      writeLine(io.stdout, `Nugen sandbox listening on ${sandbox.url}`);
      writeLine(io.stderr, `Try: NUGEN_BASE_URL=${sandbox.url} NUGEN_API_KEY=any nugen models list   (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        const stop = () => void sandbox.close().then(resolve);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}

/** One write per turn of the event loop, however many requests it served: a write per line would cost more than the requests. */
function batchedLines(stream: NodeJS.WriteStream): (line: string) => void {
  let pending: string[] = [];
  return (line) => {
    if (pending.push(line) > 1) return;
    setImmediate(() => {
      stream.write(`${pending.join("\n")}\n`);
      pending = [];
    });
  };
}
