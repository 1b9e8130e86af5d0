/**
 * What an agent says, deterministically, with what it was given in view: a message close to
 * one of its demonstrations gets that demonstration's answer (as a model shown examples
 * follows them); otherwise an agent on an aligned model answers from that model's documents,
 * and one on a base model says, in its instructions' words, that it has none.
 */
import type { Demonstration } from "../lifecycle/agents.js";
import type { Answer } from "./answers.js";
import { relevanceScores } from "./relevance.js";
import { topicOf } from "./text.js";

/** How close a message must be to a demonstration's input to get its answer (0..1). */
const FOLLOWS_DEMONSTRATION = 0.7;
/** The confidence of an answer taken from a demonstration. */
const DEMONSTRATED_CONFIDENCE = 90;

export interface AgentInView {
  name: string;
  model: string;
  instructions: string;
  demonstrations: Demonstration[];
}

/** The instructions' first sentence, short enough to quote. */
function gist(instructions: string): string {
  const first = instructions.trim().split(/(?<=[.!?])\s/)[0] ?? "";
  return first.length > 120 ? `${first.slice(0, 119)}…` : first;
}

/** `fromDocuments` is the aligned model's own answer, for an agent on an aligned model. */
export function agentAnswer(agent: AgentInView, message: string, fromDocuments?: () => Answer): Answer {
  if (agent.demonstrations.length > 0) {
    const scores = relevanceScores(message, agent.demonstrations.map((demonstration) => demonstration.user_input));
    const best = scores.reduce((top, score, index) => (score > (scores[top] ?? 0) ? index : top), 0);
    const shown = agent.demonstrations[best];
    if (shown && (scores[best] ?? 0) >= FOLLOWS_DEMONSTRATION) return { text: shown.model_output, confidence: fromDocuments ? DEMONSTRATED_CONFIDENCE : null };
  }
  if (fromDocuments) return fromDocuments();
  return {
    text: `As ${agent.name} ("${gist(agent.instructions)}"), I can only answer in general terms about ${topicOf(message)}: ${agent.model} has no domain documents. Run me on an aligned model to answer from yours.`,
    confidence: null,
  };
}
