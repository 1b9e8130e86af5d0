/** What a request asks, as text: a chat's messages and a text completion's prompts. */
import type { components } from "../../../generated/openapi.js";

type Schemas = components["schemas"];

/** A message's text: the string, or its text parts (images carry none). */
export function textOf(content: Schemas["ChatMessage"]["content"]): string {
  if (typeof content === "string") return content;
  return (content ?? []).flatMap((part) => (part.type === "text" && "text" in part ? [part.text] : [])).join(" ");
}

/** The question a chat asks: its last user message (the last message if none is the user's). */
export function questionOf(messages: Schemas["ChatMessage"][]): string {
  const asked = [...messages].reverse().find((message) => message.role === "user") ?? messages.at(-1);
  return textOf(asked?.content ?? null);
}

/** The prompts of a text completion as texts: token ids are read as their numbers. */
export function promptsOf(prompt: Schemas["CompletionRequest"]["prompt"]): string[] {
  if (typeof prompt === "string") return [prompt];
  const items = prompt as (string | number | number[])[];
  // One list of token ids is one prompt; a list of strings or of id lists, one prompt each.
  if (items.every((item) => typeof item === "number")) return [items.join(" ")];
  return items.map((item) => (Array.isArray(item) ? item.join(" ") : String(item)));
}
