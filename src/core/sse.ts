/**
 * Server-sent events, decoded from bytes to each event's `data`. Handles what a network does
 * to a stream: chunks split anywhere (inside a line, inside a multi-byte character), LF, CR
 * and CRLF line ends (a CRLF split between two chunks included), comment lines (`: ...`),
 * multi-line data, and fields other than `data` (ignored: Nugen sends none).
 */
export class SSEDecoder {
  readonly #text = new TextDecoder();
  #pending = "";
  #data: string[] = [];
  /** The previous chunk ended in CR: an LF opening the next one ends no second line. */
  #afterCR = false;

  /** Feeds bytes; calls `onData` with the data of each event they complete. */
  push(bytes: Uint8Array, onData: (data: string) => void): void {
    let text = this.#text.decode(bytes, { stream: true });
    if (this.#afterCR && text.charCodeAt(0) === 10) text = text.slice(1);
    this.#afterCR = false;
    const buffer = this.#pending + text;
    let start = 0;
    for (;;) {
      // The nearest line end, LF or CR, without a regex: this runs for every line.
      let end = buffer.indexOf("\n", start);
      const cr = buffer.indexOf("\r", start);
      if (cr !== -1 && (end === -1 || cr < end)) end = cr;
      if (end === -1) break;
      this.#line(buffer.slice(start, end), onData);
      start = end + 1;
      if (buffer.charCodeAt(end) === 13) {
        if (start === buffer.length) this.#afterCR = true;
        else if (buffer.charCodeAt(start) === 10) start++;
      }
    }
    this.#pending = start === 0 ? buffer : buffer.slice(start);
  }

  /** At the end of the stream: a last event not followed by a blank line still counts. */
  end(onData: (data: string) => void): void {
    const rest = this.#pending + this.#text.decode();
    this.#pending = "";
    if (rest !== "") this.#line(rest, onData);
    this.#line("", onData);
  }

  #line(line: string, onData: (data: string) => void): void {
    if (line === "") {
      if (this.#data.length === 0) return;
      const data = this.#data.length === 1 ? (this.#data[0] as string) : this.#data.join("\n");
      this.#data = [];
      onData(data);
      return;
    }
    if (line.startsWith("data")) {
      const colon = line.charCodeAt(4);
      if (line.length === 4) this.#data.push("");
      // `data:value` or `data: value` (one space is part of the syntax, not the value).
      else if (colon === 58) this.#data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
    }
    // Comments (`:`), `event:`, `id:`, `retry:` and unknown fields carry nothing we use.
  }
}
