/**
 * A streamed completion, as openai-node's Stream: `for await (const chunk of stream)` yields
 * the completion chunks; Nugen's other events (`_timing`, confidence readings, `timing`,
 * anything unknown) never break iteration and are kept on the stream as they arrive.
 * Iteration ends at `[DONE]` (the connection is closed then, even if the server keeps it
 * open); a stream that ends before `[DONE]` or before a final chunk, or sends an object that
 * is not valid JSON, throws: it never returns a short or changed answer silently.
 */
import {
  type AssembledChatCompletion,
  type AssembledCompletion,
  CompletionAccumulator,
  type StreamChunk,
} from "./accumulate.js";
import {
  APITimeoutError,
  APIUserAbortError,
  MalformedStreamError,
  type NugenError,
  StreamInterruptedError,
} from "./errors.js";
import { SSEDecoder } from "./sse.js";
import type { GapTimer } from "./transport.js";

export type StreamEvent = Record<string, unknown>;

type Listener<T> = (value: T) => void;
interface Listeners {
  confidence: Listener<number>[];
  timing: Listener<Record<string, unknown>>[];
  event: Listener<StreamEvent>[];
}

export class Stream<Chunk extends StreamChunk> implements AsyncIterable<Chunk> {
  /** Confidence readings (0–100) in the order they came; aligned models only. */
  readonly confidence: number[] = [];
  /** The `timing` event sent after the final chunk: ttft, throughput, total seconds. */
  timing: Record<string, unknown> | undefined;
  /** The `_timing` event sent first (GPU processing time). */
  gpuTiming: Record<string, unknown> | undefined;
  readonly #body: ReadableStream<Uint8Array>;
  readonly #accumulator = new CompletionAccumulator();
  readonly #listeners: Listeners = { confidence: [], timing: [], event: [] };
  readonly #errorFromEvent: (event: StreamEvent) => NugenError;
  readonly #gap: GapTimer | undefined;
  #started = false;
  #complete = false;
  #failure: unknown;

  constructor(
    body: ReadableStream<Uint8Array>,
    /** The HTTP response (its headers: x-request-id, ...); its body is this stream. */
    readonly response: Response,
    /** Aborts the stream: iteration then throws an APIUserAbortError and the connection closes. */
    readonly controller: AbortController,
    errorFromEvent: (event: StreamEvent) => NugenError,
    /** The transport's per-gap time limit, armed for each read. */
    gap?: GapTimer,
  ) {
    this.#body = body;
    this.#errorFromEvent = errorFromEvent;
    this.#gap = gap;
  }

  /** Called as readings, timing or any event (chunks included) arrive. */
  on(event: "confidence", listener: Listener<number>): this;
  on(event: "timing", listener: Listener<Record<string, unknown>>): this;
  on(event: "event", listener: Listener<StreamEvent>): this;
  on(event: keyof Listeners, listener: Listener<never>): this {
    (this.#listeners[event] as Listener<never>[]).push(listener);
    return this;
  }

  /** The last confidence reading, if the model sent one. */
  get confidenceScore(): number | undefined {
    return this.confidence.at(-1);
  }

  [Symbol.asyncIterator](): AsyncIterator<Chunk> {
    if (this.#started)
      throw new Error(
        "A stream can be iterated only once; use finalChatCompletion() or tee the toReadableStream() output.",
      );
    this.#started = true;
    return this.#iterator();
  }

  /**
   * The chunks, read straight from the body. A hand-written iterator rather than async
   * generators: one promise per chunk, which is most of the cost of a fast stream.
   */
  #iterator(): AsyncIterator<Chunk> {
    const decoder = new SSEDecoder();
    const reader = this.#body.getReader();
    const gap = this.#gap;
    // The transport cancels this reader when the gap's limit passes or the call is aborted.
    gap?.watch(reader);
    const pending: string[] = [];
    const collect = (data: string) => void pending.push(data);
    let next = 0;
    let sawDone = false;
    let ended = false;
    let closed = false;
    // At [DONE], on break or on error: close the connection rather than wait for the server.
    const close = () => {
      if (closed) return;
      closed = true;
      gap?.release();
      if (!ended) reader.cancel().catch(() => undefined);
    };
    const read = async (): Promise<void> => {
      let result: ReadableStreamReadResult<Uint8Array>;
      gap?.arm();
      try {
        result = await reader.read();
        // A read the transport cancelled ends "done": it is the timeout or the abort, not the end.
        const cut = gap?.cut();
        if (cut) throw cut;
      } catch (error) {
        if (this.controller.signal.aborted)
          throw new APIUserAbortError("The stream was aborted.", { cause: this.controller.signal.reason });
        const failure = gap ? gap.failure(error) : error;
        if (failure instanceof APITimeoutError || failure instanceof APIUserAbortError) throw failure;
        throw new StreamInterruptedError(
          `The stream broke off before [DONE] (${(failure as Error).message}): the answer is incomplete.`,
          { cause: failure },
        );
      }
      gap?.disarm();
      pending.length = 0;
      next = 0;
      if (result.done) {
        ended = true;
        decoder.end(collect);
      } else {
        decoder.push(result.value, collect);
      }
    };
    return {
      next: async (): Promise<IteratorResult<Chunk>> => {
        try {
          // Aborted while the caller was busy (or before it began): say so, not "ended early".
          if (this.controller.signal.aborted && !closed)
            throw new APIUserAbortError("The stream was aborted.", { cause: this.controller.signal.reason });
          for (;;) {
            while (!sawDone && next < pending.length) {
              const data = pending[next++] as string;
              if (data === "[DONE]") sawDone = true;
              else {
                const chunk = this.#route(data);
                if (chunk) return { value: chunk, done: false };
              }
            }
            if (sawDone || ended) {
              close();
              if (!sawDone)
                throw new StreamInterruptedError("The stream ended before [DONE]: the answer is incomplete.");
              if (!this.#accumulator.finished)
                throw new StreamInterruptedError(
                  "The stream reached [DONE] without a final chunk (no finish_reason): the answer is incomplete.",
                );
              this.#complete = true;
              return { value: undefined, done: true };
            }
            await read();
          }
        } catch (error) {
          close();
          this.#failure ??= error;
          throw error;
        }
      },
      return: async (): Promise<IteratorResult<Chunk>> => {
        close();
        return { value: undefined, done: true };
      },
    };
  }

  /** One event: a chunk is returned; Nugen's other events are kept and announced. */
  #route(data: string): Chunk | undefined {
    let event: StreamEvent;
    try {
      event = JSON.parse(data);
    } catch {
      // Plain text (a keep-alive word) is no event we know: skipped like any unknown one. An
      // object that does not parse may be part of the answer: skipping it would change it.
      if (data.trimStart().startsWith("{")) {
        throw new MalformedStreamError(
          `The stream sent an event that is not valid JSON (${data.length} characters, starting with "{"); it was stopped there rather than skip what may be part of the answer: the answer is incomplete.`,
        );
      }
      return undefined;
    }
    if (event === null || typeof event !== "object") return undefined;
    for (const listener of this.#listeners.event) listener(event);
    if (event.error) throw this.#errorFromEvent(event);
    if (Array.isArray(event.choices)) {
      this.#accumulator.add(event as StreamChunk);
      if (typeof event.confidence_score === "number") this.#reading(event.confidence_score);
      return event as Chunk;
    }
    if (event.object === "confidence" && typeof event.confidence_score === "number")
      this.#reading(event.confidence_score);
    else if (event.object === "timing" && event.timing && typeof event.timing === "object") {
      this.timing = event.timing as Record<string, unknown>;
      for (const listener of this.#listeners.timing) listener(this.timing);
    } else if (event._timing && typeof event._timing === "object")
      this.gpuTiming = event._timing as Record<string, unknown>;
    return undefined;
  }

  #reading(score: number): void {
    this.confidence.push(score);
    for (const listener of this.#listeners.confidence) listener(score);
  }

  /** The whole answer, once the stream has been read to [DONE] (here, if nobody iterated it). */
  async #whole(): Promise<CompletionAccumulator> {
    if (!this.#started) {
      for await (const _chunk of this) {
        // Each chunk is accumulated as it passes.
      }
    }
    if (this.#failure !== undefined) throw this.#failure;
    if (!this.#complete)
      throw new Error(
        "The stream was not read to [DONE]: its loop stopped early or is still running. Call finalChatCompletion() after the loop ends, or instead of it.",
      );
    return this.#accumulator;
  }

  /** The whole chat completion: content, finish_reason, usage, timing and confidence_score when sent. */
  async finalChatCompletion(): Promise<AssembledChatCompletion> {
    return (await this.#whole()).chatCompletion(this.timing, this.confidenceScore);
  }

  /** The whole text completion, assembled the same way. */
  async finalCompletion(): Promise<AssembledCompletion> {
    return (await this.#whole()).completion(this.timing, this.confidenceScore);
  }

  /** The chunks as newline-delimited JSON bytes (one chunk per line), for a web Response. */
  toReadableStream(): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    const iterator = this[Symbol.asyncIterator]();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    });
  }
}
