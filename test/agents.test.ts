/**
 * nugen.agents against a scripted server: every form the reference and the recordings give
 * an answer (wrapped or bare, snake or camel case, a list or its older object, 204 or 200),
 * a run answered as JSON or as an event stream, and the run path encoded.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  APIError,
  BadRequestError,
  Nugen,
  RateLimitError,
  RequestValidationError,
  StreamInterruptedError,
} from "../src/index.js";
import { type Handler, sendJson, startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-agents-0123456789";
let server: TestServer;
afterEach(() => server?.close());

async function clientFor(handler: Handler): Promise<Nugen> {
  server = await startServer(handler);
  return new Nugen({ apiKey, baseUrl: server.url, maxRetries: 0 });
}

const agent = {
  id: "kestrel_support_k7q2m9xa",
  name: "kestrel_support",
  base_model: "nugen-flash-instruct",
  status: "ACTIVE",
  usage_count: 3,
};

function sendEvents(res: Parameters<Handler>[1], events: unknown[], contentType = "text/event-stream"): void {
  res.writeHead(200, { "content-type": contentType });
  for (const event of events) res.write(`data: ${typeof event === "string" ? event : JSON.stringify(event)}\n\n`);
  res.end();
}

const chunk = (text: string | null, extra: object = {}) => ({
  id: "run-1",
  object: "agent.run.chunk",
  model: "nugen-flash-instruct",
  choices: [{ index: 0, delta: text === null ? {} : { text }, finish_reason: text === null ? "stop" : null }],
  ...extra,
});

describe("agents: answers in every recorded and documented form", () => {
  it.each([
    ["wrapped in {data}, as recorded", { data: agent }],
    ["bare, as a reference page shows", agent],
  ])("create, retrieve and update return the agent itself (%s)", async (_form, body) => {
    const nugen = await clientFor((_req, res) => sendJson(res, 200, body));
    expect(await nugen.agents.create({ agent_name: "Kestrel support" })).toEqual(agent);
    expect(await nugen.agents.retrieve(agent.id)).toEqual(agent);
    expect(await nugen.agents.update(agent.id, { status: "INACTIVE" })).toEqual(agent);
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /api/v3/agents/create",
      `GET /api/v3/agents/${agent.id}`,
      `PATCH /api/v3/agents/${agent.id}`,
    ]);
    expect(JSON.parse(server.requests[2]!.body)).toEqual({ status: "INACTIVE" });
  });

  it("returns an agent recorded in camelCase in snake_case, nested metrics included", async () => {
    const camel = {
      id: "a_1",
      baseModel: "qwen3-8b",
      createdDate: "2026-07-01 10:00:00",
      usageCount: 2,
      systemPrompt: "Be brief.",
      performanceMetrics: { averageResponseTime: 1.5 },
    };
    const nugen = await clientFor((_req, res) => sendJson(res, 200, { data: camel }));
    expect(await nugen.agents.retrieve("a_1")).toEqual({
      id: "a_1",
      base_model: "qwen3-8b",
      created_date: "2026-07-01 10:00:00",
      usage_count: 2,
      system_prompt: "Be brief.",
      performance_metrics: { average_response_time: 1.5 },
    });
  });

  it("sends the fields as given: max_tokens or max_token, demonstrations in either form", async () => {
    const nugen = await clientFor((_req, res) => sendJson(res, 200, { data: agent }));
    const body = {
      agent_name: "Kestrel support",
      max_token: 400,
      demonstrations: [
        { user_input: "Frame number?", model_output: "Under the bottom bracket." },
        { input: "Ship abroad?", output: "Within the EU." },
      ],
    };
    await nugen.agents.create(body);
    expect(JSON.parse(server.requests[0]!.body)).toEqual(body);
    await expect(
      nugen.agents.create({ agent_name: "x", demonstrations: [{ input: "half a demonstration" } as never] }),
    ).rejects.toThrow(RequestValidationError);
    expect(server.requests).toHaveLength(1);
  });

  it("a create answered without an agent may have taken effect", async () => {
    const nugen = await clientFor((_req, res) => sendJson(res, 200, { message: "ok" }));
    const error = await nugen.agents.create({ agent_name: "Kestrel support" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).mayHaveTakenEffect).toBe(true);
    expect((error as APIError).message).toContain("nugen.agents.list()");
  });

  it.each([
    ["wrapped in {agents}", { agents: [agent] }],
    ["a bare list", [agent]],
  ])("list returns the list itself (%s), asking for inactive agents when told", async (_form, body) => {
    const nugen = await clientFor((_req, res) => sendJson(res, 200, body));
    expect(await nugen.agents.list()).toEqual([agent]);
    expect(await nugen.agents.list({ include_inactive: true })).toEqual([agent]);
    expect(server.requests.map((request) => request.path)).toEqual([
      "/api/v3/agents",
      "/api/v3/agents?include_inactive=true",
    ]);
  });

  it.each([
    [
      "recorded (snake_case)",
      {
        total_usage: 12,
        total_tokens: 804,
        average_tokens_per_request: 67,
        most_used_model: "m-1",
        usage_by_model: { "m-1": { requests: 12, tokens: 804 } },
      },
    ],
    [
      "documented (camelCase)",
      {
        totalUsage: 12,
        totalTokens: 804,
        averageTokensPerRequest: 67,
        mostUsedModel: "m-1",
        usageByModel: { "m-1": { requests: 12, tokens: 804 } },
      },
    ],
  ])("usage comes back in snake_case, model ids untouched (%s)", async (_form, body) => {
    const nugen = await clientFor((_req, res) => sendJson(res, 200, body));
    expect(await nugen.agents.usage()).toEqual({
      total_usage: 12,
      total_tokens: 804,
      average_tokens_per_request: 67,
      most_used_model: "m-1",
      usage_by_model: { "m-1": { requests: 12, tokens: 804 } },
    });
  });

  it.each([
    ["a bare list", [{ id: "m-1", name: "M 1", base_model: "m-1" }]],
    [
      "the older form with the default model",
      { available_models: [{ id: "m-1", name: "M 1", base_model: "m-1" }], default_model: "m-1" },
    ],
  ])("availableModels returns the list (%s)", async (_form, body) => {
    const nugen = await clientFor((_req, res) => sendJson(res, 200, body));
    expect(await nugen.agents.availableModels()).toEqual([{ id: "m-1", name: "M 1", base_model: "m-1" }]);
  });

  it.each([
    [
      "204 without a body",
      (res: Parameters<Handler>[1]) => void res.writeHead(204).end(),
      { id: agent.id, deleted: true },
    ],
    [
      "200 with a message",
      (res: Parameters<Handler>[1]) => sendJson(res, 200, { message: "Agent deleted" }),
      { id: agent.id, deleted: true, message: "Agent deleted" },
    ],
    [
      "200 with an empty body",
      (res: Parameters<Handler>[1]) => void res.writeHead(200, { "content-length": "0" }).end(),
      { id: agent.id, deleted: true },
    ],
  ])("delete accepts %s", async (_form, answer, expected) => {
    const nugen = await clientFor((_req, res) => answer(res));
    const { data, response } = await nugen.agents.delete(agent.id).withResponse();
    expect(data).toEqual(expected);
    expect(response.ok).toBe(true);
    expect(server.requests[0]).toMatchObject({ method: "DELETE", path: `/api/v3/agents/${agent.id}` });
  });

  it("a refused delete is still an error", async () => {
    const nugen = await clientFor((_req, res) =>
      sendJson(res, 404, { detail: { message: "Agent not found", agent_id: "nope" } }),
    );
    await expect(nugen.agents.delete("nope")).rejects.toThrow("404 Agent not found");
  });
});

describe("agents.run", () => {
  it("addresses the agent by its name, percent-encoded, with the session header", async () => {
    const nugen = await clientFor((_req, res) =>
      sendJson(res, 200, {
        agent_id: agent.id,
        model: "m-1",
        response: "Kestrel pays.",
        usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
      }),
    );
    const answer = await nugen.agents.run(
      "Kestrel support/EU #1",
      { message: "Who pays return shipping?" },
      { sessionId: "chat-42" },
    );
    expect(answer).toEqual({
      agent_id: agent.id,
      model: "m-1",
      response: "Kestrel pays.",
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
    expect(server.requests[0]!.path).toBe("/api/v3/agents/run-agents/Kestrel%20support%2FEU%20%231/run");
    expect(server.requests[0]!.headers["x-session-id"]).toBe("chat-42");
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ message: "Who pays return shipping?" });
  });

  it("collects a streamed answer's delta.text into response, with the model and usage, skipping what it does not know", async () => {
    const usage = { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 };
    const nugen = await clientFor((_req, res) =>
      sendEvents(res, [
        { _timing: { gpu_processing_seconds: 0.01 } },
        chunk("Kestrel "),
        "not json",
        chunk("pays "),
        chunk(""),
        chunk("return shipping."),
        chunk(null, { usage }),
        "[DONE]",
        chunk("after done", { usage: { total_tokens: 99 } }),
      ]),
    );
    const { data, response, requestId } = await nugen.agents
      .run("Kestrel support", { message: "Who pays?" })
      .withResponse();
    expect(data).toEqual({ model: "nugen-flash-instruct", usage, response: "Kestrel pays return shipping." });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(requestId).toBeUndefined();
  });

  it("takes the stream by its data lines even when the content type is not said", async () => {
    const nugen = await clientFor((_req, res) => sendEvents(res, [chunk("Hello."), "[DONE]"], "text/plain"));
    expect((await nugen.agents.run("a", { message: "Hi" })).response).toBe("Hello.");
  });

  it("a stream that ends with a final chunk but no [DONE] is whole; one with neither is incomplete", async () => {
    let whole = true;
    const nugen = await clientFor((_req, res) =>
      sendEvents(res, whole ? [chunk("All "), chunk("of it."), chunk(null)] : [chunk("Half "), chunk("of")]),
    );
    expect((await nugen.agents.run("a", { message: "Hi" })).response).toBe("All of it.");
    whole = false;
    await expect(nugen.agents.run("a", { message: "Hi" })).rejects.toBeInstanceOf(StreamInterruptedError);
  });

  it("an error event is the server's failure, with its message", async () => {
    const nugen = await clientFor((_req, res) =>
      sendEvents(res, [
        chunk("Kestrel "),
        { error: { message: "Generation failed: the model server closed the connection.", type: "server_error" } },
      ]),
    );
    const error = await nugen.agents.run("a", { message: "Hi" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toBe(
      "Error on the run's stream: Generation failed: the model server closed the connection.",
    );
  });

  it("refusals keep their classes: an inactive agent 400, a used-up quota 402 or 429, with the detail", async () => {
    const answers: [number, string][] = [
      [400, "Agent 'a' is inactive: set its status to ACTIVE to run it."],
      [402, "Agent run quota exhausted: 1000 of 1000 runs used."],
      [429, "Agent run quota exhausted: 1000 of 1000 runs used."],
    ];
    const nugen = await clientFor((_req, res, index) =>
      sendJson(res, answers[index]![0], { detail: answers[index]![1] }),
    );
    await expect(nugen.agents.run("a", { message: "Hi" })).rejects.toBeInstanceOf(BadRequestError);
    const payment = await nugen.agents.run("a", { message: "Hi" }).catch((caught: unknown) => caught);
    expect(payment).toMatchObject({ status: 402, detail: answers[1]![1] });
    await expect(nugen.agents.run("a", { message: "Hi" })).rejects.toBeInstanceOf(RateLimitError);
  });

  it("a JSON answer without a response is the server's fault, not a short answer", async () => {
    const nugen = await clientFor((_req, res) => sendJson(res, 200, { agent_id: "a" }));
    await expect(nugen.agents.run("a", { message: "Hi" })).rejects.toThrow(/expected `response`/);
  });
});
