/**
 * Assembles streamed chunks into the completion the same request would have answered
 * without `stream`: content and tool calls per choice, finish_reason, usage, timing and the
 * last confidence reading.
 */
export interface StreamChunk {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices: ChunkChoice[];
  usage?: unknown;
  [key: string]: unknown;
}

interface ChunkChoice {
  index?: number;
  delta?: { role?: string | null; content?: string | null; tool_calls?: unknown[] | null; [key: string]: unknown };
  text?: string | null;
  finish_reason?: string | null;
  [key: string]: unknown;
}

interface ToolCallDelta {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

interface ToolCall {
  id: string;
  type: string;
  function: { name: string; arguments: string };
}

interface ChoiceParts {
  role: string;
  parts: string[];
  toolCalls: ToolCall[];
  finishReason: string | null;
}

export interface AssembledChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: {
    index: number;
    message: { role: string; content: string; tool_calls?: ToolCall[] };
    finish_reason: string | null;
  }[];
  usage?: unknown;
  timing?: Record<string, unknown>;
  confidence_score?: number;
}

export interface AssembledCompletion {
  id: string;
  object: "text_completion";
  created: number;
  model: string;
  choices: { index: number; text: string; finish_reason: string | null }[];
  usage?: unknown;
  timing?: Record<string, unknown>;
  confidence_score?: number;
}

export class CompletionAccumulator {
  #first: StreamChunk | undefined;
  #usage: unknown;
  #timing: Record<string, unknown> | undefined;
  readonly #choices = new Map<number, ChoiceParts>();
  /** A chunk with a finish_reason has arrived. */
  finished = false;

  add(chunk: StreamChunk): void {
    this.#first ??= chunk;
    if (chunk.usage) this.#usage = chunk.usage;
    if (chunk.timing && typeof chunk.timing === "object") this.#timing = chunk.timing as Record<string, unknown>;
    for (const choice of chunk.choices) {
      const index = choice.index ?? 0;
      let parts = this.#choices.get(index);
      if (!parts)
        this.#choices.set(index, (parts = { role: "assistant", parts: [], toolCalls: [], finishReason: null }));
      const delta = choice.delta;
      if (delta?.role) parts.role = delta.role;
      const text = delta ? delta.content : choice.text;
      if (typeof text === "string" && text !== "") parts.parts.push(text);
      if (Array.isArray(delta?.tool_calls))
        for (const call of delta.tool_calls as ToolCallDelta[]) mergeToolCall(parts.toolCalls, call);
      if (choice.finish_reason) {
        parts.finishReason = choice.finish_reason;
        this.finished = true;
      }
    }
  }

  chatCompletion(timing?: Record<string, unknown>, confidence?: number): AssembledChatCompletion {
    return {
      ...this.#header(),
      object: "chat.completion",
      choices: this.#sortedChoices().map(([index, parts]) => ({
        index,
        message: {
          role: parts.role,
          content: parts.parts.join(""),
          ...(parts.toolCalls.length > 0 ? { tool_calls: parts.toolCalls } : {}),
        },
        finish_reason: parts.finishReason,
      })),
      ...this.#extras(timing, confidence),
    };
  }

  completion(timing?: Record<string, unknown>, confidence?: number): AssembledCompletion {
    return {
      ...this.#header(),
      object: "text_completion",
      choices: this.#sortedChoices().map(([index, parts]) => ({
        index,
        text: parts.parts.join(""),
        finish_reason: parts.finishReason,
      })),
      ...this.#extras(timing, confidence),
    };
  }

  #header() {
    return { id: this.#first?.id ?? "", created: this.#first?.created ?? 0, model: this.#first?.model ?? "" };
  }

  #extras(timing: Record<string, unknown> | undefined, confidence: number | undefined) {
    const chosenTiming = timing ?? this.#timing;
    return {
      ...(this.#usage !== undefined ? { usage: this.#usage } : {}),
      ...(chosenTiming ? { timing: chosenTiming } : {}),
      ...(confidence !== undefined ? { confidence_score: confidence } : {}),
    };
  }

  #sortedChoices(): [number, ChoiceParts][] {
    return [...this.#choices.entries()].sort(([a], [b]) => a - b);
  }
}

/** Tool calls arrive in pieces keyed by index: the id and name once, the arguments in parts. */
function mergeToolCall(calls: ToolCall[], delta: ToolCallDelta): void {
  const index = delta.index ?? calls.length;
  const call = (calls[index] ??= { id: "", type: "function", function: { name: "", arguments: "" } });
  if (delta.id) call.id = delta.id;
  if (delta.type) call.type = delta.type;
  if (delta.function?.name) call.function.name += delta.function.name;
  if (delta.function?.arguments) call.function.arguments += delta.function.arguments;
}
