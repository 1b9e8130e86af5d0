/**
 * The SDK's Stream of chunks as the AI SDK's stream parts. The Stream has parsed the events
 * already: only chunks come out of it (Nugen's `_timing`, confidence and timing events are
 * kept on it, never in the text), and a stream cut before its end or an error event makes it
 * throw, which becomes an error part and a finish with reason `error`, never a short answer
 * that looks whole. Cancelling the parts (the AI SDK does on abort) closes the connection.
 */
import { InvalidResponseDataError, type LanguageModelV4StreamPart, type SharedV4Warning } from "@ai-sdk/provider";
import type { ChatCompletionChunk, CompletionChunk, components, Stream } from "nugen";
import { finishReasonOf, nugenMetadataOf, responseMetadataOf, usageOf } from "./results.js";

type Usage = components["schemas"]["Usage"];

interface ToolCallDelta {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

interface ToolCallInProgress {
  id: string;
  name: string;
  input: string;
  started: boolean;
}

export interface StreamPartsOptions {
  warnings: SharedV4Warning[];
  includeRawChunks?: boolean;
  /** The AI SDK's error for what the Stream threw. */
  toError(error: unknown): unknown;
  /** A tool call id for a call the server sent without one. */
  newToolCallId(): string;
}

const TEXT_ID = "0";

export function streamParts(
  stream: Stream<ChatCompletionChunk | CompletionChunk>,
  options: StreamPartsOptions,
): ReadableStream<LanguageModelV4StreamPart> {
  const queue: LanguageModelV4StreamPart[] = [{ type: "stream-start", warnings: options.warnings }];
  if (options.includeRawChunks) stream.on("event", (event) => queue.push({ type: "raw", rawValue: event }));
  const iterator = stream[Symbol.asyncIterator]();
  const toolCalls = new Map<number, ToolCallInProgress>();
  let first = true;
  let textOpen = false;
  let finishReason: string | null | undefined;
  let usage: Usage | null | undefined;
  let cancelled = false;

  const closeText = () => {
    if (textOpen) queue.push({ type: "text-end", id: TEXT_ID });
    textOpen = false;
  };

  const addToolCall = (delta: ToolCallDelta, position: number) => {
    const index = delta.index ?? position;
    let call = toolCalls.get(index);
    if (!call)
      toolCalls.set(index, (call = { id: delta.id || options.newToolCallId(), name: "", input: "", started: false }));
    if (delta.function?.name) call.name += delta.function.name;
    // The AI SDK opens a tool input with its name: argument pieces before it are held back.
    if (!call.started && call.name) {
      call.started = true;
      queue.push({ type: "tool-input-start", id: call.id, toolName: call.name });
      if (call.input) queue.push({ type: "tool-input-delta", id: call.id, delta: call.input });
    }
    const piece = delta.function?.arguments;
    if (piece) {
      call.input += piece;
      if (call.started) queue.push({ type: "tool-input-delta", id: call.id, delta: piece });
    }
  };

  const add = (chunk: ChatCompletionChunk | CompletionChunk) => {
    if (first) {
      first = false;
      queue.push({ type: "response-metadata", ...responseMetadataOf(chunk) });
    }
    if (chunk.usage) usage = chunk.usage;
    // The AI SDK asks for one answer: the first choice.
    const choice = chunk.choices.find((candidate) => (candidate.index ?? 0) === 0);
    if (!choice) return;
    const text = "delta" in choice ? choice.delta?.content : "text" in choice ? choice.text : undefined;
    if (text) {
      if (!textOpen) queue.push({ type: "text-start", id: TEXT_ID });
      textOpen = true;
      queue.push({ type: "text-delta", id: TEXT_ID, delta: text });
    }
    const deltas = "delta" in choice ? choice.delta?.tool_calls : undefined;
    if (Array.isArray(deltas)) (deltas as ToolCallDelta[]).forEach(addToolCall);
    if (choice.finish_reason) finishReason = choice.finish_reason;
  };

  const finish = (reason: ReturnType<typeof finishReasonOf>) => {
    queue.push({
      type: "finish",
      finishReason: reason,
      usage: usageOf(usage),
      providerMetadata: nugenMetadataOf({
        readings: stream.confidence,
        timing: stream.timing,
        gpuTiming: stream.gpuTiming,
      }),
    });
  };

  const end = () => {
    const nameless = [...toolCalls.values()].find((call) => !call.name);
    if (nameless)
      return fail(
        new InvalidResponseDataError({
          data: nameless,
          message: `The stream sent a tool call (${nameless.id}) without a function name.`,
        }),
      );
    closeText();
    for (const call of toolCalls.values()) {
      if (call.started) queue.push({ type: "tool-input-end", id: call.id });
      queue.push({ type: "tool-call", toolCallId: call.id, toolName: call.name, input: call.input || "{}" });
    }
    finish(finishReasonOf(finishReason));
  };

  const fail = (error: unknown) => {
    closeText();
    queue.push({ type: "error", error: options.toError(error) });
    finish({ unified: "error", raw: undefined });
  };

  return new ReadableStream<LanguageModelV4StreamPart>({
    // Reads until it has something to hand on: a chunk may add nothing (an empty delta).
    async pull(controller) {
      let done = false;
      while (queue.length === 0 && !done) {
        try {
          const result = await iterator.next();
          if (result.done) {
            end();
            done = true;
          } else add(result.value);
        } catch (error) {
          if (cancelled) return;
          fail(error);
          done = true;
        }
      }
      if (cancelled) return;
      for (const part of queue.splice(0)) controller.enqueue(part);
      if (done) controller.close();
    },
    async cancel() {
      cancelled = true;
      await iterator.return?.();
    },
  });
}
