/**
 * Server-sent events, decoded from bytes to each event's `data`. Handles what a network does
 * to a stream: chunks split anywhere (inside a line, inside a multi-byte character), LF, CR
 * and CRLF line ends (a CRLF split between two chunks included), comment lines (`: ...`),
 * multi-line data, and fields other than `data` (ignored: Nugen sends none). A line or an
 * event past its limit stops the stream with a MalformedStreamError, so a server that never
 * ends a line cannot fill the memory.
 */
import { MalformedStreamError } from "./errors.js";

/** The longest line taken, in characters (16 MiB): a chunk is a few hundred. */
export const MAX_SSE_LINE_LENGTH = 16 * 1024 * 1024;
/** The most data one event may carry, its lines together, in characters (16 MiB). */
export const MAX_SSE_EVENT_LENGTH = 16 * 1024 * 1024;

const MIB = 1024 * 1024;

export class SSEDecoder {
  readonly #text = new TextDecoder();
  /**
   * The start of a line whose end has not come yet, in the pieces it came in: joined once,
   * when the line ends, so a long line costs its length, not its length squared (searching a
   * growing string for the line end again with each chunk did).
   */
  readonly #pieces: string[] = [];
  #piecesLength = 0;
  /** The event's data so far: its first line, then the others joined with "\n". */
  #data: string | undefined;
  #dataLength = 0;
  /** The previous chunk ended in CR: an LF opening the next one ends no second line. */
  #afterCR = false;

  /** Feeds bytes; calls `onData` with the data of each event they complete. */
  push(bytes: Uint8Array, onData: (data: string) => void): void {
    const text = this.#text.decode(bytes, { stream: true });
    // Nothing decoded yet (an empty chunk, half a character): the CR flag must survive it.
    if (text === "") return;
    let start = this.#afterCR && text.charCodeAt(0) === 10 ? 1 : 0;
    this.#afterCR = false;
    // Where the next CR is; -1 once none is left (Nugen sends LF only): then LF alone is sought.
    let cr = text.indexOf("\r", start);
    for (;;) {
      let end = text.indexOf("\n", start);
      if (cr !== -1) {
        if (cr < start) cr = text.indexOf("\r", start);
        if (cr !== -1 && (end === -1 || cr < end)) end = cr;
      }
      if (end === -1) break;
      if (this.#piecesLength === 0) this.#line(text, start, end, onData);
      else {
        this.#keep(text.slice(start, end));
        const line = this.#taken();
        this.#line(line, 0, line.length, onData);
      }
      start = end + 1;
      if (text.charCodeAt(end) === 13) {
        if (start === text.length) this.#afterCR = true;
        else if (text.charCodeAt(start) === 10) start++;
      }
    }
    if (start < text.length) this.#keep(start === 0 ? text : text.slice(start));
  }

  /** At the end of the stream: a last event not followed by a blank line still counts. */
  end(onData: (data: string) => void): void {
    this.#keep(this.#text.decode());
    const rest = this.#taken();
    if (rest !== "") this.#line(rest, 0, rest.length, onData);
    this.#line("", 0, 0, onData);
  }

  /** A piece of the line that has not ended yet. */
  #keep(piece: string): void {
    if (piece === "") return;
    this.#piecesLength += piece.length;
    if (this.#piecesLength > MAX_SSE_LINE_LENGTH) {
      throw new MalformedStreamError(
        `The stream sent a line longer than ${MAX_SSE_LINE_LENGTH / MIB} MiB (${MAX_SSE_LINE_LENGTH} characters) without a line end; it was stopped there: the answer is incomplete.`,
      );
    }
    this.#pieces.push(piece);
  }

  /** The pieces kept, as one line; none are kept after. */
  #taken(): string {
    const line = this.#pieces.length === 1 ? (this.#pieces[0] as string) : this.#pieces.join("");
    this.#pieces.length = 0;
    this.#piecesLength = 0;
    return line;
  }

  /** The line `buffer[start, end)`, without making a string of it unless it is data. */
  #line(buffer: string, start: number, end: number, onData: (data: string) => void): void {
    if (start === end) {
      const data = this.#data;
      if (data === undefined) return;
      this.#data = undefined;
      this.#dataLength = 0;
      onData(data);
      return;
    }
    // `data:value` or `data: value` (one space is part of the syntax, not the value), or a bare `data`.
    if (buffer.startsWith("data", start)) {
      let value: string;
      if (end - start === 4) value = "";
      else if (buffer.charCodeAt(start + 4) === 58)
        value = buffer.slice(buffer.charCodeAt(start + 5) === 32 ? start + 6 : start + 5, end);
      else return;
      this.#dataLength += value.length + 1;
      if (this.#dataLength > MAX_SSE_EVENT_LENGTH) {
        throw new MalformedStreamError(
          `The stream sent an event of more than ${MAX_SSE_EVENT_LENGTH / MIB} MiB (${MAX_SSE_EVENT_LENGTH} characters of data) without the blank line that ends it; it was stopped there: the answer is incomplete.`,
        );
      }
      // Joined as a rope (V8 concatenates in constant time and flattens once, when parsed).
      this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
    }
    // Comments (`:`), `event:`, `id:`, `retry:` and unknown fields carry nothing we use.
  }
}
