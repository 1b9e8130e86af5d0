/**
 * Streamed answers, for every route that streams (inference, agent runs): the planned events
 * go out at their pace with this request's stream faults, and a log line says how each
 * stream ended. The pace itself is the request's token rate (its header, else the sandbox's).
 */
import type { Context } from "hono";
import type { Faults } from "./faults.js";
import { eventStreamResponse, type PlannedEvent, type Sleep } from "./inference/event-stream.js";
import { entryOf } from "./request-log.js";

export class EventStreams {
  constructor(
    private readonly faults: Faults,
    private readonly sleep: Sleep,
    private readonly now: () => number,
    private readonly log?: (line: string) => void,
  ) {}

  /** Tokens per second for this request; 0 sends them as fast as possible. */
  tokensPerSecond(c: Context): number {
    return this.faults.requested(c.req.raw.headers, "tokensPerSecond");
  }

  respond(c: Context, events: PlannedEvent[]): Response {
    const { id } = entryOf(c);
    return eventStreamResponse(
      c,
      events,
      this.faults.streamFaultsFor(c.req.raw.headers),
      this.sleep,
      (outcome, sent) => {
        this.log?.(
          `${new Date(this.now()).toISOString()} stream ${id} ${outcome} after ${sent} of ${events.length} events`,
        );
      },
    );
  }
}
