/**
 * Agents: created, listed, read, changed and deleted by id; run by name, answering JSON or,
 * asked with `Accept: text/event-stream`, the stream of chunks the live route was seen
 * sending. An agent answers with its model, its instructions and its demonstrations in view
 * (see inference/agent-answers.ts); on an aligned model it answers from that model's
 * documents, once the model is deployed.
 */
import type { Context } from "hono";
import type { Faults } from "../faults.js";
import { agentRun } from "../inference/agent-answers.js";
import { MODEL_CATALOGUE, modelFor } from "../inference/models.js";
import { runEvents } from "../inference/run-stream.js";
import {
  type AgentRecord,
  agentView,
  DEFAULT_AGENT_MODEL,
  newAgent,
  runsUsed,
  snakeName,
  updatedAgent,
  usageOf,
  withRun,
} from "../lifecycle/agents.js";
import { alignedModelName } from "../lifecycle/aligned-models.js";
import { headerProblem, SESSION_HEADER } from "../optional-headers.js";
import { note } from "../request-log.js";
import { Refusal, type Router, refuse } from "../routing.js";
import type { EventStreams } from "../streams.js";
import type { World } from "../world.js";

export function agentRoutes(router: Router, world: World, streams: EventStreams, faults: Faults): void {
  const { store } = world;
  const origin = (c: Context) => new URL(c.req.url).origin;
  const notFound = (id: string) => refuse(404, { message: "Agent not found", agent_id: id });

  const modelName = (id: string): string | null => {
    const base = world.baseModels.find((model) => model.id === id);
    if (base) return base.name ?? null;
    const aligned = world.alignedModel(id);
    return aligned ? alignedModelName(aligned) : null;
  };
  const view = (c: Context, record: AgentRecord) => agentView(record, origin(c), modelName(record.model));
  /** Another agent whose name normalises alike: names are unique that way. */
  const holderOf = (given: string, except?: string) =>
    store.agents.find((record) => record.id !== except && snakeName(record.givenName) === snakeName(given));
  const nameTaken = (given: string) => refuse(400, `Agent with name '${given}' already exists`);
  /** An agent may be created on an aligned model before it is deployed; it runs once it is. */
  const chatModel = (id: string) => modelFor(world, id, "chat completions", { undeployed: true });

  router.on("createAgent", ({ c, body }) => {
    if (holderOf(body.agent_name)) return nameTaken(body.agent_name);
    const model = body.model ?? DEFAULT_AGENT_MODEL;
    const served = chatModel(model);
    if (served instanceof Refusal) return served;
    const record = newAgent(body, model, world);
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
    ...world
      .alignedModels(origin(c))
      .flatMap((model) =>
        model.id ? [{ id: model.id, name: model.name ?? null, base_model: model.base_model ?? null, type: "llm" }] : [],
      ),
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
    const updated = updatedAgent(record, body);
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
      return refuse(
        404,
        byId
          ? `Agent '${path.agent_name}' not found: runs take the agent's name ('${byId.givenName}'), not its id.`
          : `Agent '${path.agent_name}' not found`,
      );
    }
    const problem = headerProblem(c, [SESSION_HEADER]);
    if (problem) return problem;
    if (!record.active)
      return refuse(400, `Agent '${record.givenName}' is inactive: set its status to ACTIVE to run it.`);
    const quota = faults.requested(c.req.raw.headers, "agentRunQuota");
    const used = runsUsed(store.agents.all());
    if (quota !== undefined && used >= quota)
      return refuse(402, `Agent run quota exhausted: ${used} of ${quota} runs used. Upgrade your plan to run more.`);
    const served = modelFor(world, record.model, "chat completions");
    if (served instanceof Refusal) return served;
    note(c, `agent=${record.id}`);
    const session = c.req.header(SESSION_HEADER);
    if (session) note(c, `session-id=${session}`);

    const aligned = served.aligned;
    const rate = streams.tokensPerSecond(c);
    const run = agentRun(
      record,
      body.message,
      rate,
      aligned ? () => world.answer(served.id, body.message, aligned) : undefined,
    );
    const now = world.now();
    store.agents.put(
      withRun(record, {
        at: now,
        model: record.model,
        tokens: run.usage.total_tokens,
        seconds: run.seconds,
        confidence: run.confidence,
      }),
    );

    if (!/^\s*text\/event-stream/i.test(c.req.header("accept") ?? "")) {
      return { agent_id: record.id, model: record.model, response: run.choice.tokens.join(""), usage: run.usage };
    }
    const created = Math.floor(now / 1000);
    return streams.respond(
      c,
      runEvents({ id: `run-${record.id}-${created}`, created, model: record.model }, run.choice, run.usage, rate),
    );
  });
}
