import pc from "picocolors";

/** Where the CLI writes, and what it knows of its terminal. Injected so tests can capture it. */
export interface IO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** What `nugen chat` reads (a conversation on a terminal, a piped message); default process.stdin. */
  stdin?: NodeJS.ReadStream;
}

export type Colors = ReturnType<typeof pc.createColors>;

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorsFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Colors {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return pc.createColors(Boolean(stream.isTTY) && !noColor && env.TERM !== "dumb");
}

export function writeLine(stream: NodeJS.WriteStream, text = ""): void {
  stream.write(`${text}\n`);
}

/** The one JSON document a `--json` command prints on stdout. */
export function writeJson(io: IO, value: unknown): void {
  writeLine(io.stdout, JSON.stringify(value, null, 2));
}

/** One JSON document on one line: the form of output that holds several (`nugen chat --json`, one per stream event). */
export function writeJsonLine(io: IO, value: unknown): void {
  writeLine(io.stdout, JSON.stringify(value));
}

/** The width to fit text to: the terminal's, or none when the stream is not a terminal. */
export function widthOf(stream: NodeJS.WriteStream): number | undefined {
  return stream.isTTY && stream.columns > 0 ? stream.columns : undefined;
}
