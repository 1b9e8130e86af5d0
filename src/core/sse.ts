/**
 * Server-sent events, decoded from bytes to each event's `data`. Handles what a network does
 * to a stream: chunks split anywhere (inside a line, inside a multi-byte character), LF, CR
 * and CRLF line ends (a CRLF split between two chunks included), comment lines (`: ...`),
 * multi-line data, and fields other than `data` (ignored: Nugen sends none).
 */
export class SSEDecoder {
  readonly #text = new TextDecoder();
  #pending = "";
  /** The event's data so far: its first line, then the others joined with "\n". */
  #data: string | undefined;
  /** The previous chunk ended in CR: an LF opening the next one ends no second line. */
  #afterCR = false;

  /** Feeds bytes; calls `onData` with the data of each event they complete. */
  push(bytes: Uint8Array, onData: (data: string) => void): void {
    let text = this.#text.decode(bytes, { stream: true });
    // Nothing decoded yet (an empty chunk, half a character): the CR flag must survive it.
    if (text === "") return;
    if (this.#afterCR && text.charCodeAt(0) === 10) text = text.slice(1);
    this.#afterCR = false;
    const buffer = this.#pending === "" ? text : this.#pending + text;
    let start = 0;
    // Where the next CR is; -1 once none is left (Nugen sends LF only): then LF alone is sought.
    let cr = buffer.indexOf("\r");
    for (;;) {
      let end = buffer.indexOf("\n", start);
      if (cr !== -1) {
        if (cr < start) cr = buffer.indexOf("\r", start);
        if (cr !== -1 && (end === -1 || cr < end)) end = cr;
      }
      if (end === -1) break;
      this.#line(buffer, start, end, onData);
      start = end + 1;
      if (buffer.charCodeAt(end) === 13) {
        if (start === buffer.length) this.#afterCR = true;
        else if (buffer.charCodeAt(start) === 10) start++;
      }
    }
    this.#pending = start === 0 ? buffer : start === buffer.length ? "" : buffer.slice(start);
  }

  /** At the end of the stream: a last event not followed by a blank line still counts. */
  end(onData: (data: string) => void): void {
    const rest = this.#pending + this.#text.decode();
    this.#pending = "";
    if (rest !== "") this.#line(rest, 0, rest.length, onData);
    this.#line("", 0, 0, onData);
  }

  /** The line `buffer[start, end)`, without making a string of it unless it is data. */
  #line(buffer: string, start: number, end: number, onData: (data: string) => void): void {
    if (start === end) {
      const data = this.#data;
      if (data === undefined) return;
      this.#data = undefined;
      onData(data);
      return;
    }
    // `data:value` or `data: value` (one space is part of the syntax, not the value), or a bare `data`.
    if (buffer.startsWith("data", start)) {
      let value: string;
      if (end - start === 4) value = "";
      else if (buffer.charCodeAt(start + 4) === 58) value = buffer.slice(buffer.charCodeAt(start + 5) === 32 ? start + 6 : start + 5, end);
      else return;
      this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
    }
    // Comments (`:`), `event:`, `id:`, `retry:` and unknown fields carry nothing we use.
  }
}
