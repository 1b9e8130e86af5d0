/**
 * Agents: a record per agent, with what its runs added up to. Its name is kept as given
 * (the run endpoint has it, spaces and all) and normalised to snake case (`name`); runs are
 * addressed by either, since both normalise alike.
 */
import type { components } from "../../../generated/openapi.js";
import { operations } from "../../../generated/operations.js";
import { isoWithoutZone } from "../clock.js";
import type { Creation } from "./creation.js";

type Schemas = components["schemas"];

/** A demonstration as the sandbox keeps it: the recorded form. */
export interface Demonstration {
  user_input: string;
  model_output: string;
}

export interface AgentRecord {
  id: string;
  /** The name as given. */
  givenName: string;
  description: string | null;
  model: string;
  instructions: string;
  temperature: number;
  maxTokens: number | null;
  demonstrations: Demonstration[];
  active: boolean;
  /** Sandbox clock time of creation, in ms. */
  createdAt: number;
  creator: string;
  runs: number;
  lastRunAt: number | null;
  /** Runs and tokens per model the agent ran on. */
  usageByModel: Record<string, { requests: number; tokens: number }>;
  /** Sums behind the performance metrics. */
  responseSeconds: number;
  uncertaintySum: number;
  uncertaintyCount: number;
}

export const DEFAULT_INSTRUCTIONS = "You are a helpful AI assistant.";
export const DEFAULT_TEMPERATURE = 0.7;
export const DEFAULT_AGENT_MODEL = "nugen-flash-instruct";

/** "Kestrel Support-Bot v2" → "kestrel_support_bot_v2", as the live API normalises names. */
export function snakeName(given: string): string {
  return (
    given
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "_")
      .replace(/^_+|_+$/g, "") || "agent"
  );
}

/** A demonstration in either form, kept in the recorded one. */
export function demonstrationOf(demonstration: Schemas["AgentDemonstration"]): Demonstration {
  return "user_input" in demonstration
    ? { user_input: demonstration.user_input, model_output: demonstration.model_output }
    : { user_input: demonstration.input, model_output: demonstration.output };
}

/** A new agent, created now, active; its id is its name's slug and a random part, as the live API's are. */
export function newAgent(request: Schemas["CreateAgentRequest"], model: string, creation: Creation): AgentRecord {
  return {
    id: `${snakeName(request.agent_name).slice(0, 40)}_${creation.newId("").slice(0, 8).toLowerCase()}`,
    givenName: request.agent_name,
    description: request.agent_description ?? null,
    model,
    instructions: request.instructions ?? DEFAULT_INSTRUCTIONS,
    temperature: request.temperature ?? DEFAULT_TEMPERATURE,
    maxTokens: request.max_tokens ?? request.max_token ?? null,
    demonstrations: (request.demonstrations ?? []).map(demonstrationOf),
    active: true,
    createdAt: creation.now(),
    creator: creation.creator,
    runs: 0,
    lastRunAt: null,
    usageByModel: {},
    responseSeconds: 0,
    uncertaintySum: 0,
    uncertaintyCount: 0,
  };
}

/** The agent with what an update request changes; what it leaves out stays. */
export function updatedAgent(record: AgentRecord, request: Schemas["UpdateAgentRequest"]): AgentRecord {
  return {
    ...record,
    givenName: request.agent_name ?? record.givenName,
    description: request.agent_description ?? record.description,
    model: request.model ?? record.model,
    instructions: request.instructions ?? record.instructions,
    temperature: request.temperature ?? record.temperature,
    maxTokens: request.max_tokens ?? request.max_token ?? record.maxTokens,
    demonstrations: request.demonstrations ? request.demonstrations.map(demonstrationOf) : record.demonstrations,
    active: request.status === undefined ? record.active : request.status === "ACTIVE",
  };
}

/** Runs made over all the agents, as a run quota counts them. */
export function runsUsed(records: AgentRecord[]): number {
  return records.reduce((sum, agent) => sum + agent.runs, 0);
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** The agent as the API shows it; `baseUrl` makes its endpoint, `modelName` names its model. */
export function agentView(record: AgentRecord, baseUrl: string, modelName: string | null): Schemas["Agent"] {
  return {
    id: record.id,
    name: snakeName(record.givenName),
    description: record.description,
    base_model: record.model,
    base_model_name: modelName,
    created_date: isoWithoutZone(record.createdAt),
    status: record.active ? "ACTIVE" : "INACTIVE",
    creator: record.creator,
    // As recorded: the name as given, not percent-encoded.
    endpoint: `${baseUrl}${operations.runAgent.path.replace("{agent_name}", record.givenName)}`,
    usage_count: record.runs,
    last_used: record.lastRunAt === null ? null : isoWithoutZone(record.lastRunAt),
    performance_metrics: {
      average_uncertainty:
        record.uncertaintyCount > 0 ? round(record.uncertaintySum / record.uncertaintyCount, 3) : null,
      human_interventions: 0,
      average_response_time: record.runs > 0 ? round(record.responseSeconds / record.runs, 3) : null,
      user_satisfaction_score: null,
    },
    system_prompt: record.instructions,
    temperature: record.temperature,
    max_tokens: record.maxTokens,
    demonstrations: record.demonstrations,
    conversation_saving_enabled: true,
  };
}

/** One run added to the agent's record. */
export function withRun(
  record: AgentRecord,
  run: { at: number; model: string; tokens: number; seconds: number; confidence: number | null },
): AgentRecord {
  const previous = record.usageByModel[run.model] ?? { requests: 0, tokens: 0 };
  return {
    ...record,
    runs: record.runs + 1,
    lastRunAt: run.at,
    usageByModel: {
      ...record.usageByModel,
      [run.model]: { requests: previous.requests + 1, tokens: previous.tokens + run.tokens },
    },
    responseSeconds: record.responseSeconds + run.seconds,
    uncertaintySum: record.uncertaintySum + (run.confidence === null ? 0 : 1 - run.confidence / 100),
    uncertaintyCount: record.uncertaintyCount + (run.confidence === null ? 0 : 1),
  };
}

/** The usage of all agents, as the live API was recorded answering it (snake_case). */
export function usageOf(records: AgentRecord[]): Schemas["AgentUsage"] {
  const byModel: Record<string, { requests: number; tokens: number }> = {};
  for (const record of records) {
    for (const [model, usage] of Object.entries(record.usageByModel)) {
      const sum = (byModel[model] ??= { requests: 0, tokens: 0 });
      sum.requests += usage.requests;
      sum.tokens += usage.tokens;
    }
  }
  const models = Object.entries(byModel);
  const runs = models.reduce((total, [, usage]) => total + usage.requests, 0);
  const tokens = models.reduce((total, [, usage]) => total + usage.tokens, 0);
  const most = models.reduce<[string, { requests: number }] | undefined>(
    (best, entry) => (best === undefined || entry[1].requests > best[1].requests ? entry : best),
    undefined,
  );
  return {
    total_usage: runs,
    total_tokens: tokens,
    average_tokens_per_request: runs > 0 ? round(tokens / runs, 1) : 0,
    most_used_model: most?.[0] ?? null,
    usage_by_model: byModel,
  };
}
