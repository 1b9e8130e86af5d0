import type { APIPromise } from "../core/api-promise.js";
import { APIError, StreamInterruptedError } from "../core/errors.js";
import type { RequestOptions } from "../core/options.js";
import { UnexpectedAnswer } from "../core/request.js";
import type { ClientContext } from "../core/resource.js";
import { SSEDecoder } from "../core/sse.js";
import type {
  Agent,
  AgentModel,
  AgentRunResult,
  AgentUsage,
  CreateAgentRequest,
  DeletedAgent,
  ListAgentsParams,
  RunAgentRequest,
  UpdateAgentRequest,
} from "../types.js";
import { withInferenceHeaders } from "./inference/options.js";

const CREATE_AMBIGUITY_HINT =
  "The agent may have been created all the same: check `nugen.agents.list()` before creating it again.";

/** Per-call options of a run: the conversation's session, besides the usual ones. */
export interface RunAgentOptions extends RequestOptions {
  /** Groups the runs of one conversation; sent as `X-Session-ID`. */
  sessionId?: string;
}

export class Agents {
  constructor(private readonly context: ClientContext) {}

  /** Creates an agent; resolves to its record (unwrapped from `{data}`). A name already taken is refused with 400. */
  create(body: CreateAgentRequest, options?: RequestOptions): APIPromise<Agent> {
    return this.context.request("createAgent", { body }, { ...options, ambiguityHint: CREATE_AMBIGUITY_HINT }, (data) =>
      agentOf(data, true),
    );
  }

  /** The agents (unwrapped from `{agents}`); inactive ones only with `include_inactive`. */
  list(params: ListAgentsParams = {}, options?: RequestOptions): APIPromise<Agent[]> {
    return this.context.request("listAgents", { query: params }, options, (data) => {
      const agents = Array.isArray(data) ? data : data?.agents;
      if (!Array.isArray(agents)) throw new UnexpectedAnswer("`agents`, a list");
      return agents.map((agent) => (isRecord(agent) ? snakeCaseAgent(agent) : agent)) as Agent[];
    });
  }

  /** One agent by its id. */
  retrieve(agentId: string, options?: RequestOptions): APIPromise<Agent> {
    return this.context.request("getAgent", { path: { agent_id: agentId } }, options, (data) => agentOf(data));
  }

  /** Changes the fields given (`status: "INACTIVE"` deactivates it); resolves to the agent as it is now. */
  update(agentId: string, patch: UpdateAgentRequest, options?: RequestOptions): APIPromise<Agent> {
    return this.context.request("updateAgent", { path: { agent_id: agentId }, body: patch }, options, (data) =>
      agentOf(data),
    );
  }

  /** Deletes an agent. The API answers 204 without a body (or 200 with a message, kept here). */
  delete(agentId: string, options?: RequestOptions): APIPromise<DeletedAgent> {
    const deleted = (data: unknown): DeletedAgent => ({ ...(isRecord(data) ? data : {}), id: agentId, deleted: true });
    return this.context.request("deleteAgent", { path: { agent_id: agentId } }, options, deleted);
  }

  /**
   * Sends a message to the agent named `agentName` (its name, not its id; spaces and all)
   * and resolves to its whole answer, `{agent_id?, model?, response, usage?}`, whether the
   * server answered JSON or streamed chunks (their `choices[].delta.text` collected into
   * `response`). Either way the answer is read whole, so `timeoutMs` bounds all of it.
   */
  run(agentName: string, body: RunAgentRequest, options: RunAgentOptions = {}): APIPromise<AgentRunResult> {
    // The server answers JSON or, of its own accord, an event stream, read whole and collected here.
    return this.context.request(
      "runAgent",
      { path: { agent_name: agentName }, body },
      withInferenceHeaders(options),
      (data, answered) =>
        answered.eventStream === undefined ? runResultOf(data) : collectRun(answered.eventStream, answered.response),
    );
  }

  /** Usage of all agents, in snake_case whichever case the server used. */
  usage(options?: RequestOptions): APIPromise<AgentUsage> {
    return this.context.request("getAgentUsage", {}, options, (data) => {
      if (!isRecord(data)) throw new UnexpectedAnswer("the usage, a JSON object");
      return snakeCaseKeys(data) as AgentUsage;
    });
  }

  /** The models an agent can run on, as a list (the older `{available_models, default_model}` form is unwrapped). */
  availableModels(options?: RequestOptions): APIPromise<AgentModel[]> {
    return this.context.request("listAgentModels", {}, options, (data) => {
      const models = Array.isArray(data) ? data : data?.available_models;
      if (!Array.isArray(models)) throw new UnexpectedAnswer("`available_models`, a list");
      return models;
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The agent of an answer: `{data: agent}` as recorded, or the agent itself. */
function agentOf(data: unknown, created = false): Agent {
  const agent = isRecord(data) && isRecord(data.data) ? data.data : data;
  if (!isRecord(agent) || typeof agent.id !== "string") throw new UnexpectedAnswer("an agent with an `id`", created);
  return snakeCaseAgent(agent);
}

/** An agent record in snake_case: an older snapshot sent it in camelCase. */
function snakeCaseAgent(agent: Record<string, unknown>): Agent {
  const record = snakeCaseKeys(agent);
  if (isRecord(record.performance_metrics)) record.performance_metrics = snakeCaseKeys(record.performance_metrics);
  return record as Agent;
}

/** Top-level camelCase keys in snake_case (`totalUsage` → `total_usage`); a snake_case key sent as well wins. Nested keys (model ids) stay. */
function snakeCaseKeys(record: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const snake = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    if (snake === key || !(snake in record)) result[snake] = value;
  }
  return result;
}

/** The documented JSON answer of a run (also accepted wrapped in `{data}`). */
function runResultOf(data: unknown): AgentRunResult {
  const result = isRecord(data) && isRecord(data.data) && !("response" in data) ? data.data : data;
  if (!isRecord(result) || typeof result.response !== "string")
    throw new UnexpectedAnswer("`response`, the agent's answer");
  return isRecord(result.usage)
    ? ({ ...result, usage: snakeCaseKeys(result.usage) } as AgentRunResult)
    : (result as AgentRunResult);
}

/**
 * A streamed run as one answer: the text of every chunk (`choices[0].delta.text`, or
 * `delta.content`), the model, the usage. The stream is whole only if it reached `[DONE]`
 * or a chunk with a finish_reason; an `error` event is the server's failure.
 */
function collectRun(text: string, answer: Response): AgentRunResult {
  const pieces: string[] = [];
  const result: Record<string, unknown> = {};
  let complete = false;
  let done = false;
  const onData = (data: string) => {
    // A usage chunk may come again after [DONE]: nothing after it counts.
    if (done) return;
    if (data === "[DONE]") {
      complete = done = true;
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      return; // Not JSON: not an event we know.
    }
    if (!isRecord(event)) return;
    if (event.error) {
      const error = event.error as { message?: unknown } | string;
      const message =
        typeof error === "string" ? error : typeof error?.message === "string" ? error.message : JSON.stringify(error);
      throw new APIError(
        answer.status,
        event,
        Object.fromEntries(answer.headers),
        `Error on the run's stream: ${message}`,
      );
    }
    for (const name of ["agent_id", "model"]) if (typeof event[name] === "string") result[name] ??= event[name];
    if (isRecord(event.usage)) result.usage = snakeCaseKeys(event.usage);
    const choice = Array.isArray(event.choices)
      ? (
          event.choices as {
            index?: number;
            delta?: { text?: unknown; content?: unknown };
            text?: unknown;
            finish_reason?: unknown;
          }[]
        ).find((item) => (item?.index ?? 0) === 0)
      : undefined;
    const piece = choice?.delta?.text ?? choice?.delta?.content ?? choice?.text;
    if (typeof piece === "string") pieces.push(piece);
    if (choice?.finish_reason) complete = true;
  };
  const decoder = new SSEDecoder();
  decoder.push(new TextEncoder().encode(text), onData);
  decoder.end(onData);
  if (!complete)
    throw new StreamInterruptedError(
      "The run's stream ended before [DONE] or a final chunk: the response is incomplete.",
    );
  return { ...result, response: pieces.join("") } as AgentRunResult;
}
