import type { Nugen } from "nugen";

/** What the provider gives each model: its name for the AI SDK and the client, made on first use. */
export interface ModelConfig {
  /** Such as `nugen.chat`: the provider and the kind of model. */
  provider: string;
  client(): Nugen;
  /** An id for a tool call the server sent without one. */
  newId(): string;
}
