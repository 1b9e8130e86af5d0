/**
 * The AI SDK's prompt and tools in the shapes Nugen's chat completions take: system, user
 * (text and images, as URLs or `data:` URLs), assistant (text and tool calls) and tool
 * messages; function tools and the tool choice.
 */
import {
  type LanguageModelV4CallOptions,
  type LanguageModelV4FilePart,
  type LanguageModelV4Prompt,
  type LanguageModelV4ToolResultOutput,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import type { ChatMessage, components } from "nugen";

type Schemas = components["schemas"];

export function chatMessagesOf(prompt: LanguageModelV4Prompt): {
  messages: ChatMessage[];
  warnings: SharedV4Warning[];
} {
  const messages: ChatMessage[] = [];
  const dropped = new Set<string>();
  for (const message of prompt) {
    switch (message.role) {
      case "system":
        messages.push({ role: "system", content: message.content });
        break;
      case "user": {
        const [only] = message.content;
        if (message.content.length === 1 && only?.type === "text") {
          messages.push({ role: "user", content: only.text });
          break;
        }
        messages.push({
          role: "user",
          content: message.content.map((part) =>
            part.type === "text" ? { type: "text", text: part.text } : imagePart(part),
          ),
        });
        break;
      }
      case "assistant": {
        let text = "";
        const toolCalls: Schemas["ToolCall"][] = [];
        for (const part of message.content) {
          if (part.type === "text") text += part.text;
          else if (part.type === "tool-call")
            toolCalls.push({
              id: part.toolCallId,
              type: "function",
              function: { name: part.toolName, arguments: JSON.stringify(part.input ?? {}) },
            });
          else dropped.add(part.type);
        }
        messages.push(
          toolCalls.length > 0
            ? { role: "assistant", content: text || null, tool_calls: toolCalls }
            : { role: "assistant", content: text },
        );
        break;
      }
      case "tool":
        for (const part of message.content) {
          // An approval is the AI SDK's business: the model sees the result that follows it.
          if (part.type === "tool-result")
            messages.push({ role: "tool", tool_call_id: part.toolCallId, content: toolOutputText(part.output) });
        }
        break;
    }
  }
  // Nugen takes no reasoning or files back in an assistant turn: said once, not silently lost.
  const warnings: SharedV4Warning[] = [...dropped].map((type) => ({
    type: "unsupported",
    feature: `assistant ${type} parts`,
    details: "Nugen's chat messages carry an assistant's text and tool calls only; these parts were left out.",
  }));
  return { messages, warnings };
}

/** Nugen's messages take images only, as an https URL or a `data:` URL. */
function imagePart(part: LanguageModelV4FilePart): Schemas["ImagePart"] {
  if (!part.mediaType.startsWith("image/") && part.mediaType !== "image") {
    throw new UnsupportedFunctionalityError({
      functionality: `file parts of type ${part.mediaType} (Nugen's chat messages take text and images)`,
    });
  }
  const { data } = part;
  if (data.type === "url") return { type: "image_url", image_url: { url: data.url.toString() } };
  if (data.type === "data") {
    // The AI SDK has named the type from the bytes when it could; an image it could not name goes as PNG, as it would.
    const mediaType = /^image\/[^*]+$/.test(part.mediaType) ? part.mediaType : "image/png";
    const base64 = typeof data.data === "string" ? data.data : base64Of(data.data);
    return { type: "image_url", image_url: { url: `data:${mediaType};base64,${base64}` } };
  }
  throw new UnsupportedFunctionalityError({
    functionality: `image parts given as ${data.type} (Nugen takes a URL or the image's bytes)`,
  });
}

function base64Of(bytes: Uint8Array): string {
  let binary = "";
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let offset = 0; offset < bytes.length; offset += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}

/** A tool message's content is a string: text as it is, anything else as JSON. */
function toolOutputText(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "execution-denied":
      return output.reason ?? "The tool call was denied.";
    default:
      return JSON.stringify(output.value);
  }
}

export interface PreparedTools {
  tools?: Schemas["Tool"][];
  tool_choice?: Schemas["ToolChoice"];
  warnings: SharedV4Warning[];
}

export function chatToolsOf(
  tools: LanguageModelV4CallOptions["tools"],
  toolChoice: LanguageModelV4CallOptions["toolChoice"],
): PreparedTools {
  const warnings: SharedV4Warning[] = [];
  const functions: Schemas["Tool"][] = [];
  for (const tool of tools ?? []) {
    if (tool.type === "provider") {
      warnings.push({
        type: "unsupported",
        feature: `provider-defined tool ${tool.id}`,
        details: "Nugen runs no tools of its own; only function tools are sent.",
      });
      continue;
    }
    if (tool.strict !== undefined)
      warnings.push({
        type: "unsupported",
        feature: "strict tools",
        details: `Nugen's function definitions have no strict mode; ${tool.name} is sent without it.`,
      });
    if (tool.inputExamples?.length)
      warnings.push({
        type: "unsupported",
        feature: "tool input examples",
        details: `Nugen's function definitions take no examples; ${tool.name} is sent without them (the AI SDK's addToolInputExamplesMiddleware writes them into the description).`,
      });
    functions.push({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.inputSchema as Record<string, unknown>,
      },
    });
  }
  if (functions.length === 0) return { warnings };
  if (!toolChoice) return { tools: functions, warnings };
  const choice: Schemas["ToolChoice"] =
    toolChoice.type === "tool" ? { type: "function", function: { name: toolChoice.toolName } } : toolChoice.type;
  return { tools: functions, tool_choice: choice, warnings };
}
