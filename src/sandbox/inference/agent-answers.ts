/**
 * What an agent says, deterministically, with what it was given in view: a message close to
 * one of its demonstrations gets that demonstration's answer (as a model shown examples
 * follows them); otherwise an agent on an aligned model answers from that model's documents,
 * and one on a base model says, in its instructions' words, that it has none.
 */
import { type AgentRecord, type Demonstration, snakeName } from "../lifecycle/agents.js";
import type { Answer } from "./answers.js";
import { type Choice, choiceOf, pacedAt, promptTokensOf, timingOf } from "./generation.js";
import { relevanceScores } from "./relevance.js";
import { topicOf } from "./text.js";

/** How close a message must be to a demonstration's input to get its answer (0..1). */
const FOLLOWS_DEMONSTRATION = 0.7;
/** The confidence of an answer taken from a demonstration. */
const DEMONSTRATED_CONFIDENCE = 90;
/** Most tokens of a run when the agent does not say. */
const DEFAULT_MAX_TOKENS = 2000;

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
    const scores = relevanceScores(
      message,
      agent.demonstrations.map((demonstration) => demonstration.user_input),
    );
    const best = scores.reduce((top, score, index) => (score > (scores[top] ?? 0) ? index : top), 0);
    const shown = agent.demonstrations[best];
    if (shown && (scores[best] ?? 0) >= FOLLOWS_DEMONSTRATION)
      return { text: shown.model_output, confidence: fromDocuments ? DEMONSTRATED_CONFIDENCE : null };
  }
  if (fromDocuments) return fromDocuments();
  return {
    text: `As ${agent.name} ("${gist(agent.instructions)}"), I can only answer in general terms about ${topicOf(message)}: ${agent.model} has no domain documents. Run me on an aligned model to answer from yours.`,
    confidence: null,
  };
}

export interface AgentRun {
  choice: Choice;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  confidence: number | null;
  /** How long the run takes at the token rate, in seconds (its response time). */
  seconds: number;
}

/** One run of an agent on a message, its tokens sent at `tokensPerSecond`; `fromDocuments` as for `agentAnswer`. */
export function agentRun(
  record: AgentRecord,
  message: string,
  tokensPerSecond: number,
  fromDocuments?: () => Answer,
): AgentRun {
  const answer = agentAnswer(
    {
      name: snakeName(record.givenName),
      model: record.model,
      instructions: record.instructions,
      demonstrations: record.demonstrations,
    },
    message,
    fromDocuments,
  );
  const choice = choiceOf(answer.text, record.maxTokens ?? DEFAULT_MAX_TOKENS);
  const promptTokens = promptTokensOf([
    record.instructions,
    ...record.demonstrations.flatMap((shown) => [shown.user_input, shown.model_output]),
    message,
  ]);
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: choice.tokens.length,
    total_tokens: promptTokens + choice.tokens.length,
  };
  const generation = pacedAt({ choices: [choice], promptTokens, confidence: answer.confidence }, tokensPerSecond);
  return { choice, usage, confidence: answer.confidence, seconds: timingOf(generation).total_seconds ?? 0 };
}
