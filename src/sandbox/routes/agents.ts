/**
 * Agents: created, listed, read, changed and deleted by id; run by name, answering JSON or,
 * asked with `Accept: text/event-stream`, the stream of chunks the live route was seen
 * sending. An agent answers with its model, its instructions and its demonstrations in view
 * (see inference/agent-answers.ts); on an aligned model it answers from that model's
 * documents, once the model is deployed.
 */
import type { Context } from "hono";
import type { Faults } from "../faults.js";
import { agentAnswer } from "../inference/agent-answers.js";
import { alignedAnswer } from "../inference/answers.js";
import { type Sleep, eventStreamResponse } from "../inference/event-stream.js";
import { type Generation, choiceOf, promptTokensOf, timingOf } from "../inference/generation.js";
import { MODEL_CATALOGUE, modelFor } from "../inference/models.js";
import { RetrieverCache } from "../inference/retrieval.js";
import { runEvents } from "../inference/run-stream.js";
import {
  type AgentRecord,
  DEFAULT_AGENT_MODEL,
  DEFAULT_INSTRUCTIONS,
  DEFAULT_TEMPERATURE,
  agentView,
  demonstrationOf,
  snakeName,
  usageOf,
  withRun,
} from "../lifecycle/agents.js";
import { entryOf, note } from "../request-log.js";
import { Refusal, type Router, refuse } from "../routing.js";
import type { World } from "../world.js";

export interface AgentSettings {
  /** Pace of streamed tokens, per second; 0 sends them as fast as possible. */
  tokensPerSecond: number;
  faults: Faults;
  sleep: Sleep;
  log?: (line: string) => void;
  /** Runs allowed over all agents (header x-sandbox-agent-run-quota for one request); past it, 402. Default: no limit. */
  runQuota?: number;
}

/** The throughput a run is timed at when tokens are not paced. */
const NOMINAL_TOKENS_PER_SECOND = 200;
const DEFAULT_MAX_TOKENS = 2000;
const SESSION_HEADER = "x-session-id";

export function agentRoutes(router: Router, world: World, settings: AgentSettings): void {
  const { store } = world;
  const retrievers = new RetrieverCache();
  const origin = (c: Context) => new URL(c.req.url).origin;
  const notFound = (id: string) => refuse(404, { message: "Agent not found", agent_id: id });

  const modelName = (id: string): string | null => {
    const base = world.baseModels.find((model) => model.id === id);
    if (base) return base.name ?? null;
    const aligned = world.alignedModel(id);
    if (aligned?.kind === "seed") return aligned.seed.name ?? null;
    return aligned?.kind === "project" ? aligned.project.request.name : null;
  };
  const view = (c: Context, record: AgentRecord) => agentView(record, origin(c), modelName(record.model));
  /** Another agent whose name normalises alike: names are unique that way. */
  const holderOf = (given: string, except?: string) => store.agents.find((record) => record.id !== except && snakeName(record.givenName) === snakeName(given));
  const nameTaken = (given: string) => refuse(400, `Agent with name '${given}' already exists`);
  /** An agent may be created on an aligned model before it is deployed; it runs once it is. */
  const chatModel = (id: string) => modelFor(world, id, "chat completions", { undeployed: true });

  /** Header settings of one request: the token pace, the quota. */
  const headerNumber = (c: Context, name: string): number | undefined => {
    const raw = c.req.header(name);
    const value = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  };

  router.on("createAgent", ({ c, body }) => {
    if (holderOf(body.agent_name)) return nameTaken(body.agent_name);
    const model = body.model ?? DEFAULT_AGENT_MODEL;
    const served = chatModel(model);
    if (served instanceof Refusal) return served;
    const slug = snakeName(body.agent_name).slice(0, 40);
    const record: AgentRecord = {
      id: `${slug}_${world.newId("").slice(0, 8).toLowerCase()}`,
      givenName: body.agent_name,
      description: body.agent_description ?? null,
      model,
      instructions: body.instructions ?? DEFAULT_INSTRUCTIONS,
      temperature: body.temperature ?? DEFAULT_TEMPERATURE,
      maxTokens: body.max_tokens ?? body.max_token ?? null,
      demonstrations: (body.demonstrations ?? []).map(demonstrationOf),
      active: true,
      createdAt: world.now(),
      creator: world.creator,
      runs: 0,
      lastRunAt: null,
      usageByModel: {},
      responseSeconds: 0,
      uncertaintySum: 0,
      uncertaintyCount: 0,
    };
    store.agents.put(record);
    return { data: view(c, record) };
  });

  router.on("listAgents", ({ c, query }) => ({
    agents: store.agents
      .all()
      .filter((record) => record.active || query.include_inactive === true)
      .map((record) => view(c, record)),
  }));

  // Before `{agent_id}`, whose path these match too.
  router.on("getAgentUsage", () => usageOf(store.agents.all()));

  router.on("listAgentModels", ({ c }) => [
    ...MODEL_CATALOGUE.map((model) => ({ id: model.id, name: model.name, base_model: model.id, type: model.type })),
    ...world.alignedModels(origin(c)).flatMap((model) => (model.id ? [{ id: model.id, name: model.name ?? null, base_model: model.base_model ?? null, type: "llm" }] : [])),
  ]);

  router.on("getAgent", ({ c, path }) => {
    const record = store.agents.get(path.agent_id);
    return record ? { data: view(c, record) } : notFound(path.agent_id);
  });

  router.on("updateAgent", ({ c, path, body }) => {
    const record = store.agents.get(path.agent_id);
    if (!record) return notFound(path.agent_id);
    if (body.agent_name !== undefined && holderOf(body.agent_name, record.id)) return nameTaken(body.agent_name);
    if (body.model !== undefined) {
      const served = chatModel(body.model);
      if (served instanceof Refusal) return served;
    }
    const updated: AgentRecord = {
      ...record,
      givenName: body.agent_name ?? record.givenName,
      description: body.agent_description ?? record.description,
      model: body.model ?? record.model,
      instructions: body.instructions ?? record.instructions,
      temperature: body.temperature ?? record.temperature,
      maxTokens: body.max_tokens ?? body.max_token ?? record.maxTokens,
      demonstrations: body.demonstrations ? body.demonstrations.map(demonstrationOf) : record.demonstrations,
      active: body.status === undefined ? record.active : body.status === "ACTIVE",
    };
    store.agents.put(updated);
    return { data: view(c, updated) };
  });

  router.on("deleteAgent", ({ c, path }) => {
    if (!store.agents.delete(path.agent_id)) return notFound(path.agent_id);
    return c.body(null, 204);
  });

  router.on("runAgent", ({ c, path, body }) => {
    const record = store.agents.find((candidate) => snakeName(candidate.givenName) === snakeName(path.agent_name));
    if (!record) {
      const byId = store.agents.get(path.agent_name);
      return refuse(404, byId ? `Agent '${path.agent_name}' not found: runs take the agent's name ('${byId.givenName}'), not its id.` : `Agent '${path.agent_name}' not found`);
    }
    const session = c.req.header(SESSION_HEADER);
    if (session !== undefined && (session.length === 0 || session.length > 256)) {
      return refuse(422, [{ loc: ["header", SESSION_HEADER], msg: `String should have ${session.length === 0 ? "at least 1 character" : "at most 256 characters"}`, type: session.length === 0 ? "string_too_short" : "string_too_long" }]);
    }
    if (!record.active) return refuse(400, `Agent '${record.givenName}' is inactive: set its status to ACTIVE to run it.`);
    const quota = headerNumber(c, "x-sandbox-agent-run-quota") ?? settings.runQuota;
    const used = store.agents.all().reduce((sum, agent) => sum + agent.runs, 0);
    if (quota !== undefined && used >= quota) return refuse(402, `Agent run quota exhausted: ${used} of ${quota} runs used. Upgrade your plan to run more.`);
    const served = modelFor(world, record.model, "chat completions");
    if (served instanceof Refusal) return served;
    note(c, `agent=${record.id}`);
    if (session) note(c, `session-id=${session}`);

    const aligned = served.aligned;
    const fromDocuments = aligned
      ? () => {
          const { key, sources } = world.trainingDocuments(aligned);
          return alignedAnswer(served.id, retrievers.get(served.id, key, sources), body.message);
        }
      : undefined;
    const answer = agentAnswer({ name: snakeName(record.givenName), model: record.model, instructions: record.instructions, demonstrations: record.demonstrations }, body.message, fromDocuments);
    const choice = choiceOf(answer.text, record.maxTokens ?? DEFAULT_MAX_TOKENS);
    const promptTokens = promptTokensOf([record.instructions, ...record.demonstrations.flatMap((shown) => [shown.user_input, shown.model_output]), body.message]);
    const usage = { prompt_tokens: promptTokens, completion_tokens: choice.tokens.length, total_tokens: promptTokens + choice.tokens.length };
    const rate = headerNumber(c, "x-sandbox-tokens-per-second") ?? settings.tokensPerSecond;
    const generation: Generation = { choices: [choice], promptTokens, confidence: answer.confidence, tokensPerSecond: rate > 0 ? rate : NOMINAL_TOKENS_PER_SECOND };
    const now = world.now();
    store.agents.put(withRun(record, { at: now, model: record.model, tokens: usage.total_tokens, seconds: timingOf(generation).total_seconds ?? 0, confidence: answer.confidence }));

    if (!/^\s*text\/event-stream/i.test(c.req.header("accept") ?? "")) {
      return { agent_id: record.id, model: record.model, response: choice.tokens.join(""), usage };
    }
    const created = Math.floor(now / 1000);
    const events = runEvents({ id: `run-${record.id}-${created}`, created, model: record.model }, choice, usage, rate);
    const { id } = entryOf(c);
    return eventStreamResponse(c, events, settings.faults.streamFaultsFor(c.req.raw.headers), settings.sleep, (outcome, sent) => {
      settings.log?.(`${new Date(world.now()).toISOString()} stream ${id} ${outcome} after ${sent} of ${events.length} events`);
    });
  });
}
