/**
 * Sending a stream of server-sent events at the token rate, with the stream faults: cut the
 * connection after N events (no [DONE]), send an error event after N events and end, or
 * stall after N events with the connection left open. A client that goes away stops the
 * stream at once: nothing is written after it left.
 *
 * On Node the events are written to the response directly, each write waited for: only
 * then is an event known to have left (a cut after N events must not lose the Nth), and
 * the connection's close is seen the moment it happens. Elsewhere (app.request in tests)
 * they go into a web ReadableStream.
 */
import type { ServerResponse } from "node:http";
import type { Context } from "hono";

export interface PlannedEvent {
  /** The event's data: JSON, or `[DONE]`. */
  data: string;
  /** How long to wait before sending it, in ms (tokens come at the token rate). */
  delayMs: number;
}

/** Each fault happens once this many events have been sent; unset, never. */
export interface StreamFaults {
  cutAfter?: number;
  errorAfter?: number;
  stallAfter?: number;
}

export type StreamOutcome =
  | "completed"
  | "cut by the sandbox"
  | "ended with an error event"
  | "stalled"
  | "closed by the client"
  | "failed";

/** Where the events go. */
interface Sink {
  write(text: string): Promise<void>;
  end(): void;
  /** Closes the connection abruptly, mid-stream. */
  cut(): void;
  /** Settles when the client has gone. */
  readonly gone: Promise<void>;
  isGone(): boolean;
}

/** The shape a mid-stream failure is expected to take (the spec's StreamErrorEvent). */
export const STREAM_ERROR_EVENT = {
  error: {
    message: "Generation failed: the model server closed the connection (sandbox: stream error fault).",
    type: "server_error",
  },
};

const eventText = (data: string) => `data: ${data}\n\n`;

function goneSignal(): { gone: Promise<void>; leave: () => void; isGone: () => boolean } {
  let left = false;
  let leave = () => {};
  const gone = new Promise<void>((resolve) => {
    leave = () => {
      left = true;
      resolve();
    };
  });
  return { gone, leave, isGone: () => left };
}

function nodeSink(outgoing: ServerResponse): Sink {
  const signal = goneSignal();
  let ended = false;
  // 'close' comes after a normal end too; only one before it means the client left.
  outgoing.once("close", () => {
    if (!ended) signal.leave();
  });
  return {
    write: (text) => Promise.race([new Promise<void>((resolve) => outgoing.write(text, () => resolve())), signal.gone]),
    end: () => {
      ended = true;
      outgoing.end();
    },
    cut: () => {
      ended = true;
      // The events written so far have reached the kernel (each write was waited for): they
      // go out before the connection closes, without the chunked body's end.
      outgoing.socket?.destroy();
    },
    gone: signal.gone,
    isGone: signal.isGone,
  };
}

function webSink(): { sink: Sink; body: ReadableStream<Uint8Array> } {
  const signal = goneSignal();
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start: (streamController) => void (controller = streamController),
    cancel: () => signal.leave(),
  });
  const open = () => !signal.isGone();
  return {
    body,
    sink: {
      write: async (text) => void (open() && controller.enqueue(encoder.encode(text))),
      end: () => void (open() && controller.close()),
      cut: () => void (open() && controller.error(new Error("The sandbox cut the stream (stream cut fault)."))),
      gone: signal.gone,
      isGone: signal.isGone,
    },
  };
}

export type Sleep = (ms: number) => Promise<void>;

/** A real wait; its timer does not keep the process alive. */
export const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());

/** Plays the events into the sink, applying the faults; reports how it ended and how many events went out. */
async function play(
  events: PlannedEvent[],
  sink: Sink,
  faults: StreamFaults,
  sleep: Sleep,
  report: (outcome: StreamOutcome, sent: number) => void,
): Promise<void> {
  let sent = 0;
  const done = (outcome: StreamOutcome) => report(outcome, sent);
  try {
    for (let next = 0; ; next++) {
      if (sink.isGone()) return done("closed by the client");
      if (faults.cutAfter === sent) {
        sink.cut();
        return done("cut by the sandbox");
      }
      if (faults.errorAfter === sent) {
        await sink.write(eventText(JSON.stringify(STREAM_ERROR_EVENT)));
        sink.end();
        return done("ended with an error event");
      }
      if (faults.stallAfter === sent) {
        done("stalled");
        await sink.gone;
        return done("closed by the client");
      }
      const event = events[next];
      if (!event) break;
      // A client that leaves during the wait ends it.
      if (event.delayMs > 0) await Promise.race([sleep(event.delayMs), sink.gone]);
      if (sink.isGone()) continue;
      await sink.write(eventText(event.data));
      if (!sink.isGone()) sent++;
    }
    sink.end();
    done("completed");
  } catch {
    // A write that failed under a broken connection: the stream ends there.
    sink.cut();
    done("failed");
  }
}

/**
 * Answers with the events as `text/event-stream`. `report` is told how the stream ended:
 * completed, a fault, or the client closing it.
 */
export function eventStreamResponse(
  c: Context,
  events: PlannedEvent[],
  faults: StreamFaults,
  sleep: Sleep,
  report: (outcome: StreamOutcome, sent: number) => void,
): Response {
  const headers = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" };
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing && typeof outgoing.writeHead === "function") {
    // Every header set so far (request id, CORS) goes out with the events.
    const prepared = c.body(null, 200, headers);
    outgoing.writeHead(200, Object.fromEntries(prepared.headers));
    void play(events, nodeSink(outgoing), faults, sleep, report);
    // Tells @hono/node-server that the answer has been sent already.
    return c.body(null, 200, { "x-hono-already-sent": "true" });
  }
  const { sink, body } = webSink();
  void play(events, sink, faults, sleep, report);
  return c.body(body, 200, headers);
}
