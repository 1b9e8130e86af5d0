import { accessSync, constants, existsSync, statSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { dirname, resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { type ApiGeneration, apiGenerations } from "../../../generated/operations.js";
import { isLoopbackHost, parseOrigin } from "../../sandbox/access.js";
import {
  SANDBOX_SETTINGS,
  type SandboxSettings,
  type Setting,
  type SettingKind,
  type SettingName,
  settingHeaders,
  settingNames,
  shownDefault,
} from "../../sandbox/settings.js";
import { UsageError } from "../errors.js";
import { type IO, isClosed, writeLine } from "../io.js";
import { parseCount, parseMilliseconds, parseNumber } from "../parse-flags.js";

/** The flags besides the settings (those are SANDBOX_SETTINGS, by their flags' attribute names). */
interface SandboxFlags extends Record<string, unknown> {
  port: number;
  generation?: ApiGeneration;
  host: string;
  data?: string;
  sandboxKey?: string[];
  corsOrigin?: string[];
  quiet?: boolean;
}

/** A share from 0 to 1, such as --fail-rate 0.2. */
export function parseRate(text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1)
    throw new InvalidArgumentError("Expected a rate from 0 to 1, such as 0.2.");
  return value;
}

/** A speed factor: more than 0 (0 would stop the simulated clock). */
export function parseSpeed(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError("Expected a factor greater than 0, such as 10.");
  return value;
}

const BYTE_UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;

/** `1048576`, `512kb`, `100MB`: a size in bytes, more than 0. */
export function parseBytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  const value = match
    ? Math.floor(Number(match[1]) * BYTE_UNITS[(match[2]?.toLowerCase() ?? "b") as keyof typeof BYTE_UNITS])
    : Number.NaN;
  if (!(value > 0)) throw new InvalidArgumentError("Expected a size such as 1048576, 512kb or 100mb.");
  return value;
}

/** A data file the sandbox can write (and the directory beside it, for uploaded files): refused at start, not at the first write. */
export function parseDataFile(text: string): string {
  const file = resolve(text);
  const directory = dirname(file);
  if (existsSync(file) && statSync(file).isDirectory())
    throw new InvalidArgumentError(`${file} is a directory; give a file path.`);
  try {
    if (existsSync(file)) accessSync(file, constants.W_OK);
    // The directory too: the file is replaced by a rename, and uploads go beside it.
    accessSync(directory, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" || code === "ENOTDIR"
        ? `the directory ${directory} does not exist`
        : `it cannot be written (${code})`;
    throw new InvalidArgumentError(`Cannot keep the sandbox's state in ${file}: ${reason}.`);
  }
  return file;
}

/** `https://app.example.com`: a web page's origin, for --cors-origin (repeatable). */
export function parseCorsOrigin(text: string, origins: string[] = []): string[] {
  try {
    return [...origins, parseOrigin(text)];
  } catch {
    throw new InvalidArgumentError(
      "Expected an origin: http or https, a host and an optional port, such as https://app.example.com or http://devbox.lan:3000.",
    );
  }
}

const PARSERS: Record<Exclude<SettingKind, "switch">, (text: string) => number> = {
  seconds: parseNumber,
  factor: parseSpeed,
  bytes: parseBytes,
  milliseconds: parseMilliseconds,
  rate: parseRate,
  number: parseNumber,
  count: parseCount,
};

/** One flag per sandbox setting, as SANDBOX_SETTINGS declares it. */
function settingFlags(): { name: SettingName; option: Option }[] {
  return settingNames.map((name) => {
    const setting: Setting = SANDBOX_SETTINGS[name];
    const option = new Option(setting.flag, `${setting.description} (default: ${shownDefault(setting)})`);
    return { name, option: setting.kind === "switch" ? option : option.argParser(PARSERS[setting.kind]) };
  });
}

/** The help's lines naming the headers that set a setting for one request. */
function headerHelp(): string {
  const lines = ["  One request can set its own with headers:"];
  for (const header of settingHeaders) {
    const last = lines.length - 1;
    if ((lines[last] ?? "").length + header.length > 110) lines.push(`  ${header},`);
    else lines[last] += ` ${header},`;
  }
  return lines.join("\n").replace(/,$/, ".");
}

export function registerSandbox(program: Command, io: IO): void {
  const settings = settingFlags();
  const command = program
    .command("sandbox")
    .description("Run the local Nugen sandbox: a stateful, spec-checked API on your machine")
    .addOption(
      new Option("--port <port>", "port to listen on (0 picks a free one)").default(4010).argParser(parseCount),
    )
    .option(
      "--host <host>",
      "interface to listen on; another than loopback (0.0.0.0: every one) needs --sandbox-key",
      "127.0.0.1",
    )
    .addOption(
      new Option(
        "--generation <generation>",
        "serve one API generation only; the other's routes answer 404 (default: both, from one state)",
      ).choices([...apiGenerations]),
    );
  for (const { option } of settings) command.addOption(option);
  command
    .addOption(
      new Option(
        "--data <file>",
        "persist state to this JSON file (written atomically; uploads go to <file>.files/)",
      ).argParser(parseDataFile),
    )
    .option("--quiet", "do not log a line per request")
    .option(
      "--sandbox-key <key>",
      "accept only this bearer key (repeat for several; default: any)",
      (key: string, keys: string[] = []) => [...keys, key],
    )
    .addOption(
      new Option(
        "--cors-origin <origin>",
        "also let in web pages from this origin, e.g. https://app.example.com (repeat for several; default: pages on localhost, 127.0.0.1, [::1])",
      ).argParser(parseCorsOrigin),
    )
    .addHelpText(
      "after",
      "\nExamples:\n  $ nugen sandbox --port 4010\n  $ nugen sandbox --speed 10 --fail-rate 0.2 --data ./sandbox.json\n  $ nugen sandbox --generation 2026-07\n" +
        "  A project whose name contains [fail] fails, and one named with [fail-deploy] makes a model that fails to deploy; a file whose name contains [fail] fails processing.\n" +
        headerHelp(),
    )
    .action(async (flags: SandboxFlags) => {
      if (!isLoopbackHost(flags.host) && !flags.sandboxKey) {
        throw new UsageError(
          `--host ${flags.host} lets other machines call the sandbox, and it accepts any key: give --sandbox-key <key> too (repeat for several), or leave --host out to listen on 127.0.0.1 alone.`,
        );
      }
      // Loaded only for this command, so the others start fast.
      const { createSandbox, DataFileError } = await import("../../sandbox/index.js");
      const sandbox = await createSandbox({
        port: flags.port,
        host: flags.host,
        generation: flags.generation,
        ...(Object.fromEntries(
          settings.map(({ name, option }) => [name, flags[option.attributeName()]]),
        ) as SandboxSettings),
        dataFile: flags.data,
        apiKeys: flags.sandboxKey,
        corsOrigins: flags.corsOrigin,
        log: flags.quiet ? false : batchedLines(io.stdout),
      }).catch((error: unknown) => {
        // A --data file it cannot start from is a mistake in how it was called (exit 2).
        if (error instanceof DataFileError)
          throw new UsageError(
            `--data ${error.file}: the sandbox cannot start from it: it ${error.reason}; ${error.advice}.`,
          );
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
      writeLine(
        io.stderr,
        `Try: NUGEN_BASE_URL=${sandbox.url} NUGEN_API_KEY=${key} nugen models list   (Ctrl-C to stop)`,
      );
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
