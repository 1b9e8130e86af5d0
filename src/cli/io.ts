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

/** Whether each output has lost its reader, and a promise kept when it does. */
const outputs = new WeakMap<object, { closed: boolean; gone: Promise<void> }>();

function watch(stream: NodeJS.WriteStream): { closed: boolean; gone: Promise<void> } {
  let state = outputs.get(stream);
  if (!state) {
    let resolve = () => {};
    const watched = { closed: false, gone: new Promise<void>((done) => (resolve = done)) };
    // EPIPE once the reader has gone (`| head -1`), or any other failure to write: nothing
    // more can be written there, and nobody is left to tell. Taken here, once per stream,
    // instead of crashing with a stack.
    stream.on("error", () => {
      watched.closed = true;
      resolve();
    });
    outputs.set(stream, watched);
    state = watched;
  }
  return state;
}

/**
 * Kept when stdout's reader goes away (`nugen … | head -1`, once head has its line); from
 * then on, errors of stdout and stderr are taken, and what is written to them is dropped.
 * main() then ends the command quietly, as Unix tools end.
 */
export function stdoutClosed(io: IO): Promise<void> {
  watch(io.stderr);
  return watch(io.stdout).gone;
}

/** Whether a stream's reader has gone (see stdoutClosed). */
export function isClosed(stream: NodeJS.WriteStream): boolean {
  return outputs.get(stream)?.closed ?? false;
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
