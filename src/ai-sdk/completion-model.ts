/**
 * A Nugen model as the AI SDK's language model over text completions: the prompt is
 * continued rather than answered. One user message is sent as it is (after the system
 * message, if any); a conversation is written out as a transcript ending in `assistant:`,
 * with `\nuser:` as a stop sequence, as the AI SDK's OpenAI-compatible completion model does.
 */
import {
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4GenerateResult,
  type LanguageModelV4Prompt,
  type LanguageModelV4StreamResult,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import type { CompletionRequest } from "nugen";
import { defined, prepareCall, unsupportedSettings } from "./call-options.js";
import { toSpecError } from "./errors.js";
import type { ModelConfig } from "./model-config.js";
import { finishReasonOf, headersOf, nugenMetadataOf, responseMetadataOf, usageOf } from "./results.js";
import { streamParts } from "./stream-parts.js";

const RESERVED = ["model", "prompt", "stream"];

const UNSUPPORTED = {
  topK: "Nugen's text completions take no top_k (its chat completions do).",
  frequencyPenalty: "Nugen's text completions take no frequency penalty.",
  presencePenalty: "Nugen's text completions take no presence penalty.",
  seed: "Nugen's text completions take no seed.",
  tools: "Text completions call no tools: use nugen.chat() for tools.",
};

export class NugenCompletionLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly supportedUrls = {};

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
    const { data, response } = await client.completions
      .create(body, request)
      .withResponse()
      .catch((error: unknown) => {
        throw toSpecError(error, {
          operationId: "createCompletion",
          baseUrl: client.baseUrl,
          body,
          abortSignal: options.abortSignal,
        });
      });
    const choice = data.choices[0];
    return {
      content: choice?.text ? [{ type: "text", text: choice.text }] : [],
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
        operationId: "createCompletion",
        baseUrl: client.baseUrl,
        body,
        abortSignal: options.abortSignal,
      });
    const stream = await client.completions.create(body, request).catch((error: unknown) => {
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
    // The AI SDK sends a tool choice even without tools: only tools given are worth a warning.
    const tools = options.tools?.length ? options.tools : undefined;
    const settings = { ...options, tools, toolChoice: tools && options.toolChoice };
    const warnings: SharedV4Warning[] = [...call.warnings, ...unsupportedSettings(settings, UNSUPPORTED)];
    if (options.responseFormat?.type === "json") {
      warnings.push({
        type: "unsupported",
        feature: "responseFormat",
        details: "Nugen has no JSON mode: the continuation is text.",
      });
    }
    if (options.reasoning !== undefined && options.reasoning !== "provider-default") {
      warnings.push({
        type: "unsupported",
        feature: "reasoning",
        details: "Nugen's text completions take no reasoning options (its chat completions do).",
      });
    }
    const { prompt, stop } = completionPromptOf(options.prompt);
    const stops = [...stop, ...(options.stopSequences ?? [])];
    const body = defined({
      model: this.modelId,
      prompt,
      max_tokens: options.maxOutputTokens,
      temperature: options.temperature,
      top_p: options.topP,
      stop: stops.length > 0 ? stops : undefined,
      ...call.extraBody,
    }) as CompletionRequest & { stream?: false };
    return { body, request: call.request, warnings };
  }
}

function completionPromptOf(prompt: LanguageModelV4Prompt): { prompt: string; stop: string[] } {
  const [head, ...rest] = prompt;
  const system = head?.role === "system" ? `${head.content}\n\n` : "";
  const turns = head?.role === "system" ? rest : prompt;
  const [only] = turns;
  if (turns.length === 1 && only?.role === "user") return { prompt: `${system}${textOf(only.content)}`, stop: [] };
  let transcript = system;
  for (const turn of turns) {
    if (turn.role === "system") transcript += `${turn.content}\n\n`;
    else if (turn.role === "user") transcript += `user:\n${textOf(turn.content)}\n\n`;
    else if (turn.role === "assistant") transcript += `assistant:\n${textOf(turn.content)}\n\n`;
    else
      throw new UnsupportedFunctionalityError({
        functionality: "tool results in a text completion (use nugen.chat() for tools)",
      });
  }
  return { prompt: `${transcript}assistant:\n`, stop: ["\nuser:"] };
}

function textOf(parts: readonly { type: string; text?: string }[]): string {
  return parts
    .map((part) => {
      if (part.type === "text") return part.text ?? "";
      if (part.type === "tool-call")
        throw new UnsupportedFunctionalityError({
          functionality: "tool calls in a text completion (use nugen.chat() for tools)",
        });
      if (part.type === "file")
        throw new UnsupportedFunctionalityError({
          functionality: "files in a text completion (use nugen.chat() for images)",
        });
      return "";
    })
    .join("");
}
