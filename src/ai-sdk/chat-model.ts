/**
 * A Nugen model (a base model or a deployed aligned model) as the AI SDK's language model,
 * over the SDK's chat completions: `generateText` gets one answer, `streamText` the SDK's
 * Stream turned into stream parts.
 */
import {
  InvalidResponseDataError,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4Content,
  type LanguageModelV4GenerateResult,
  type LanguageModelV4StreamResult,
  type SharedV4Warning,
} from "@ai-sdk/provider";
import type { ChatCompletionCreateParamsNonStreaming, components } from "nugen";
import { defined, prepareCall, unsupportedSettings } from "./call-options.js";
import { chatMessagesOf, chatToolsOf } from "./chat-prompt.js";
import { toSpecError } from "./errors.js";
import type { ModelConfig } from "./model-config.js";
import { finishReasonOf, headersOf, nugenMetadataOf, responseMetadataOf, usageOf } from "./results.js";
import { streamParts } from "./stream-parts.js";

type ReasoningOptions = components["schemas"]["ReasoningOptions"];

/** The body fields this model sets; provider options cannot replace them. */
const RESERVED = ["model", "messages", "stream"];

const UNSUPPORTED = {
  stopSequences: "Nugen's chat completions take no stop sequences (its text completions do: nugen.completion()).",
  frequencyPenalty: "Nugen's chat completions take no frequency penalty.",
  presencePenalty: "Nugen's chat completions take no presence penalty.",
  seed: "Nugen's chat completions take no seed.",
};

export class NugenChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  // Nugen fetches https images itself; any other URL the AI SDK downloads and sends as data.
  readonly supportedUrls = { "image/*": [/^https:\/\//i] };

  constructor(
    readonly modelId: string,
    private readonly config: ModelConfig,
  ) {}

  get provider(): string {
    return this.config.provider;
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { body, request, warnings } = this.#prepare(options);
    const client = this.config.client();
    const { data, response } = await client.chat.completions
      .create(body, request)
      .withResponse()
      .catch((error: unknown) => {
        throw toSpecError(error, {
          operationId: "createChatCompletion",
          baseUrl: client.baseUrl,
          body,
          abortSignal: options.abortSignal,
        });
      });
    const choice = data.choices[0];
    const content: LanguageModelV4Content[] = [];
    if (choice?.message?.content) content.push({ type: "text", text: choice.message.content });
    for (const call of choice?.message?.tool_calls ?? []) {
      if (!call.function?.name)
        throw new InvalidResponseDataError({
          data: call,
          message: `The answer holds a tool call (${call.id ?? "no id"}) without a function name.`,
        });
      content.push({
        type: "tool-call",
        toolCallId: call.id || this.config.newId(),
        toolName: call.function.name,
        input: call.function.arguments || "{}",
      });
    }
    return {
      content,
      finishReason: finishReasonOf(choice?.finish_reason),
      usage: usageOf(data.usage),
      providerMetadata: nugenMetadataOf({
        readings: typeof data.confidence_score === "number" ? [data.confidence_score] : [],
        timing: data.timing,
      }),
      request: { body },
      response: { ...responseMetadataOf(data), headers: headersOf(response), body: data },
      warnings,
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { body: settings, request, warnings } = this.#prepare(options);
    const body = { ...settings, stream: true as const };
    const client = this.config.client();
    const toError = (error: unknown) =>
      toSpecError(error, {
        operationId: "createChatCompletion",
        baseUrl: client.baseUrl,
        body,
        abortSignal: options.abortSignal,
      });
    const stream = await client.chat.completions.create(body, request).catch((error: unknown) => {
      throw toError(error);
    });
    return {
      stream: streamParts(stream, {
        warnings,
        includeRawChunks: options.includeRawChunks,
        toError,
        newToolCallId: this.config.newId,
      }),
      request: { body },
      response: { headers: headersOf(stream.response) },
    };
  }

  #prepare(options: LanguageModelV4CallOptions) {
    const call = prepareCall(options, RESERVED);
    const prompt = chatMessagesOf(options.prompt);
    const tools = chatToolsOf(options.tools, options.toolChoice);
    const warnings: SharedV4Warning[] = [
      ...call.warnings,
      ...prompt.warnings,
      ...tools.warnings,
      ...unsupportedSettings(options, UNSUPPORTED),
    ];
    if (options.responseFormat?.type === "json") {
      warnings.push({
        type: "unsupported",
        feature: "responseFormat",
        details: "Nugen has no JSON mode: the answer is text, which the AI SDK parses.",
      });
    }
    const body = defined({
      model: this.modelId,
      messages: prompt.messages,
      max_tokens: options.maxOutputTokens,
      temperature: options.temperature,
      top_p: options.topP,
      top_k: options.topK,
      tools: tools.tools,
      tool_choice: tools.tool_choice,
      reasoning: reasoningOf(options.reasoning, warnings),
      ...call.extraBody,
    }) as ChatCompletionCreateParamsNonStreaming;
    return { body, request: call.request, warnings };
  }
}

/** The AI SDK's reasoning level as Nugen's effort; `max` is Nugen's highest, `xhigh`. */
function reasoningOf(
  level: LanguageModelV4CallOptions["reasoning"],
  warnings: SharedV4Warning[],
): ReasoningOptions | undefined {
  if (level === undefined || level === "provider-default") return undefined;
  if (level === "max") {
    warnings.push({
      type: "compatibility",
      feature: "reasoning",
      details: "Nugen's highest reasoning effort is xhigh; max was sent as xhigh.",
    });
    return { effort: "xhigh" };
  }
  return { effort: level };
}
