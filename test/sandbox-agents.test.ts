/**
 * The sandbox's model catalogue, agents, answer engines and key list, over raw HTTP: every
 * model the reference names serves what it does and is refused for what it does not; an
 * agent answers with its model, instructions and demonstrations in view; an engine answers
 * from the passages it finds, in threads; the key list shows the keys it was called with.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RETURNS_POLICY, startSandbox, type TestSandbox } from "./helpers/sandbox.js";

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const post = (path: string, body: unknown, init: RequestInit = {}) =>
  t!.call(path, { method: "POST", body: JSON.stringify(body), ...init });
const runPath = (name: string) => `/api/v3/agents/run-agents/${encodeURIComponent(name)}/run`;

/** Every model id Nugen's pages and recordings use, by what it does (`llm`: chat, as the 2026-09 list says). */
const REFERENCE_MODELS = {
  llm: [
    "nugen-flash-instruct",
    "llama-v3p2-3b-reasoning",
    "llama-v3p3-70b-instruct",
    "qwen-v2p5-0p5b-instruct",
    "qwen3-8b",
    "gpt-oss-20b",
    "gpt-oss-120b",
    "deepseek-v3p2",
    "kimi-k2-thinking",
    "glm-5p2",
  ],
  vision: [
    "qwen2-vl-2b-instruct",
    "qwen2p5-vl-32b-instruct",
    "qwen3-vl-30b-a3b-thinking",
    "qwen3-vl-235b-a22b-instruct",
  ],
  embedding: ["qwen3-embedding-8b", "nomic-embed-text-v1.5", "nugen-flash-embed"],
  reranker: ["bge-reranker-v2-m3"],
};

describe("sandbox model catalogue", () => {
  it("lists every model the reference names, with its type, in /models/base and in agents' available_models", async () => {
    t = await startSandbox();
    const base = (await t.json("/api/v3/models/base")).models as { id: string; model_id: string; type: string }[];
    const forAgents = (await t.json("/api/v3/agents/available_models")) as {
      id: string;
      type: string;
      base_model: string;
    }[];
    for (const [type, ids] of Object.entries(REFERENCE_MODELS)) {
      for (const id of ids) {
        // Both generations' fields: `id` (2026-07) and `model_id` (2026-09).
        expect(
          base.find((model) => model.id === id),
          id,
        ).toMatchObject({ model_id: id, type });
        expect(
          forAgents.find((model) => model.id === id),
          id,
        ).toMatchObject({ type, base_model: id });
      }
    }
    // Aligned models are there for agents too, with their base model.
    expect(forAgents.find((model) => model.id === "alignment-xyz789-deployed")).toMatchObject({
      base_model: "nugen-flash-instruct",
      type: "llm",
    });
  });

  it("serves each model for what it does and refuses it, with 400, for what it does not", async () => {
    t = await startSandbox({ tokensPerSecond: 0 });
    const chat = (model: string) =>
      post("/api/v3/inference/chat/completions", {
        model,
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is on this label?" },
              { type: "image_url", image_url: { url: "https://example.org/label.png" } },
            ],
          },
        ],
        max_tokens: 8,
      });
    const embed = (model: string) => post("/api/v3/inference/embeddings", { model, input: "Refunds take 5 days." });
    const rerank = (model: string, cross?: string) =>
      post("/api/v3/inference/reranker", {
        model,
        query: "refunds",
        documents: ["Refunds take 5 days.", "Returns take 30 days."],
        ...(cross ? { method: "standard", model_cross: cross } : {}),
      });
    for (const id of [...REFERENCE_MODELS.llm, ...REFERENCE_MODELS.vision]) {
      expect((await chat(id)).status, id).toBe(200);
      expect((await post("/api/v3/inference/completions", { model: id, prompt: "Refunds:" })).status, id).toBe(200);
      expect((await embed(id)).status, id).toBe(400);
    }
    for (const id of REFERENCE_MODELS.embedding) {
      const answer = await embed(id);
      expect(answer.status, id).toBe(200);
      expect((await answer.json()).data[0].embedding).toHaveLength(768);
      expect((await rerank(id)).status, id).toBe(200);
      const refused = await chat(id);
      expect(refused.status, id).toBe(400);
      expect((await refused.json()).detail).toBe(`Model ${id} does not support chat completions.`);
    }
    for (const id of REFERENCE_MODELS.reranker) {
      const ranked = await (await rerank(id)).json();
      expect(ranked.results[0].index).toBe(0);
      expect((await rerank("qwen3-embedding-8b", id)).status).toBe(200);
      expect((await embed(id)).status).toBe(400);
      expect((await chat(id)).status).toBe(400);
    }
    expect((await rerank("qwen3-embedding-8b", "qwen3-embedding-8b")).status).toBe(400);
    expect((await embed("no-such-model")).status).toBe(404);
  });
});

describe("sandbox agents", () => {
  it("creates agents under unique snake_case names, with the documented defaults, wrapped in {data}", async () => {
    t = await startSandbox();
    const created = await post("/api/v3/agents/create", { agent_name: "Kestrel Support-Bot v2" });
    expect(created.status).toBe(200);
    const { data } = await created.json();
    expect(data).toMatchObject({
      id: expect.stringMatching(/^kestrel_support_bot_v2_[0-9a-z]{8}$/),
      name: "kestrel_support_bot_v2",
      base_model: "nugen-flash-instruct",
      base_model_name: "Nugen Flash Instruct",
      status: "ACTIVE",
      system_prompt: "You are a helpful AI assistant.",
      temperature: 0.7,
      usage_count: 0,
      last_used: null,
      endpoint: `${t.url}/api/v3/agents/run-agents/Kestrel Support-Bot v2/run`,
    });
    // Another spelling of the same name is the same name.
    const again = await post("/api/v3/agents/create", { agent_name: "kestrel support bot v2" });
    expect(again.status).toBe(400);
    expect((await again.json()).detail).toMatch(/already exists/);
    expect((await t.json(`/api/v3/agents/${data.id}`)).data).toEqual(data);
  });

  it("keeps max_token and demonstrations in either form, and follows a demonstration close to the message", async () => {
    t = await startSandbox();
    const { data } = await (
      await post("/api/v3/agents/create", {
        agent_name: "Frames",
        max_token: 30,
        demonstrations: [
          { user_input: "Where is my frame number?", model_output: "It is stamped under the bottom bracket." },
          { input: "Do you ship abroad?", output: "We ship within the EU." },
        ],
      })
    ).json();
    expect(data.max_tokens).toBe(30);
    expect(data.demonstrations).toEqual([
      { user_input: "Where is my frame number?", model_output: "It is stamped under the bottom bracket." },
      { user_input: "Do you ship abroad?", model_output: "We ship within the EU." },
    ]);
    const run = async (message: string) =>
      (await (await post(runPath("Frames"), { message })).json()).response as string;
    expect(await run("where do I find the frame number")).toBe("It is stamped under the bottom bracket.");
    expect(await run("Do you ship to Norway, abroad?")).toBe("We ship within the EU.");
    // A message like no demonstration: the base model says what its instructions make it.
    const general = await run("Can I ride in heavy rain?");
    expect(general).toContain('As frames ("You are a helpful AI assistant.")');
    expect(general.split(/\s+/).length).toBeLessThanOrEqual(30);
  });

  it("runs by name (spaces, or its snake_case form), not by id; an agent on an aligned model answers from its documents once deployed", async () => {
    t = await startSandbox();
    const deployed = (
      await (
        await post("/api/v3/agents/create", {
          agent_name: "Returns desk",
          model: "alignment-xyz789-deployed",
          instructions: "Quote the policy.",
        })
      ).json()
    ).data;
    const spaced = await post(runPath("Returns desk"), {
      message: "How many days do I have to return unopened items?",
    });
    expect(spaced.status).toBe(200);
    expect(await spaced.json()).toMatchObject({
      agent_id: deployed.id,
      model: "alignment-xyz789-deployed",
      response: expect.stringContaining("30 days"),
    });
    expect((await post(runPath("returns_desk"), { message: "Refunds?" })).status).toBe(200);
    const byId = await post(runPath(deployed.id), { message: "Refunds?" });
    expect(byId.status).toBe(404);
    expect((await byId.json()).detail).toContain("runs take the agent's name ('Returns desk'), not its id");

    // Created on an aligned model that is not deployed: it exists, and runs once deployed.
    await post("/api/v3/agents/create", { agent_name: "Contracts", model: "alignment-abc456" });
    const notDeployed = await post(runPath("Contracts"), { message: "How long is the notice?" });
    expect(notDeployed.status).toBe(400);
    expect((await notDeployed.json()).detail).toBe("Model alignment-abc456 is not deployed. Deploy it first.");
    await t.json("/api/v3/models/deploy-model/alignment-abc456", { method: "POST" });
    t.advance(3_000);
    expect(
      (await (await post(runPath("Contracts"), { message: "How many days of notice to terminate?" })).json()).response,
    ).toContain("60 days");
  });

  it("deactivates an agent (listed only with include_inactive, refused a run), renames it, deletes it with 204", async () => {
    t = await startSandbox();
    const { data } = await (await post("/api/v3/agents/create", { agent_name: "Old name" })).json();
    await post("/api/v3/agents/create", { agent_name: "Taken" });
    const patch = (body: unknown) =>
      t!.call(`/api/v3/agents/${data.id}`, { method: "PATCH", body: JSON.stringify(body) });
    expect((await (await patch({ status: "INACTIVE" })).json()).data.status).toBe("INACTIVE");
    expect((await t.json("/api/v3/agents")).agents.map((agent: { id: string }) => agent.id)).not.toContain(data.id);
    expect(
      (await t.json("/api/v3/agents?include_inactive=true")).agents.map((agent: { id: string }) => agent.id),
    ).toContain(data.id);
    const inactive = await post(runPath("Old name"), { message: "Hello" });
    expect(inactive.status).toBe(400);
    expect((await inactive.json()).detail).toMatch(/inactive/);
    expect((await patch({ agent_name: "taken" })).status).toBe(400);
    const renamed = (
      await (await patch({ agent_name: "New name", status: "ACTIVE", instructions: "Be brief." })).json()
    ).data;
    expect(renamed).toMatchObject({
      name: "new_name",
      system_prompt: "Be brief.",
      status: "ACTIVE",
      endpoint: expect.stringContaining("/run-agents/New name/run"),
    });
    expect((await post(runPath("Old name"), { message: "Hello" })).status).toBe(404);
    const deleted = await t.call(`/api/v3/agents/${data.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await t.call(`/api/v3/agents/${data.id}`)).status).toBe(404);
    // Its name is free again.
    expect((await post("/api/v3/agents/create", { agent_name: "New name" })).status).toBe(200);
  });

  it("streams a run as chunks of delta.text when asked, the same text as the JSON answer", async () => {
    t = await startSandbox({ tokensPerSecond: 0 });
    await post("/api/v3/agents/create", { agent_name: "Returns desk", model: "alignment-xyz789-deployed" });
    const message = { message: "Who pays the return label for a defective product?" };
    const whole = await (await post(runPath("Returns desk"), message)).json();
    const streamed = await post(runPath("Returns desk"), message, {
      headers: { accept: "text/event-stream", "content-type": "application/json" },
    });
    expect(streamed.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = (await streamed.text())
      .split("\n\n")
      .filter(Boolean)
      .map((event) => event.replace(/^data: /, ""));
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    expect(chunks.map((chunk) => chunk.choices[0].delta.text ?? "").join("")).toBe(whole.response);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: "stop" }], usage: whole.usage });
  });

  it("adds up usage per model, and refuses runs past the quota with 402", async () => {
    t = await startSandbox({ agentRunQuota: 3 });
    await post("/api/v3/agents/create", { agent_name: "One" });
    await post("/api/v3/agents/create", { agent_name: "Two", model: "qwen3-8b" });
    const tokens: number[] = [];
    for (const name of ["One", "One", "Two"])
      tokens.push((await (await post(runPath(name), { message: "Hello there" })).json()).usage.total_tokens);
    const over = await post(runPath("Two"), { message: "Hello there" });
    expect(over.status).toBe(402);
    expect((await over.json()).detail).toMatch(/quota exhausted: 3 of 3 runs/);
    expect(await t.json("/api/v3/agents/usage")).toEqual({
      total_usage: 3,
      total_tokens: tokens[0]! + tokens[1]! + tokens[2]!,
      average_tokens_per_request: Math.round(((tokens[0]! + tokens[1]! + tokens[2]!) / 3) * 10) / 10,
      most_used_model: "nugen-flash-instruct",
      usage_by_model: {
        "nugen-flash-instruct": { requests: 2, tokens: tokens[0]! + tokens[1]! },
        "qwen3-8b": { requests: 1, tokens: tokens[2] },
      },
    });
    const one = (await t.json("/api/v3/agents")).agents.find((agent: { name: string }) => agent.name === "one");
    expect(one).toMatchObject({
      usage_count: 2,
      last_used: expect.any(String),
      performance_metrics: { average_response_time: expect.any(Number) },
    });
  });

  it("refuses an agent on a model that cannot chat, or an unknown one", async () => {
    t = await startSandbox();
    const embedder = await post("/api/v3/agents/create", { agent_name: "Embedder", model: "nugen-flash-embed" });
    expect(embedder.status).toBe(400);
    expect((await embedder.json()).detail).toBe("Model nugen-flash-embed does not support chat completions.");
    expect((await post("/api/v3/agents/create", { agent_name: "Nobody", model: "no-such-model" })).status).toBe(404);
  });
});

describe("sandbox answer engines", () => {
  const engineForm = (fields: Record<string, string | string[]>, files: [string, string][] = []) => {
    const form = new FormData();
    for (const [name, value] of Object.entries({
      answer_engine_name: "Engine",
      model_llm: "nugen-flash-instruct",
      model_embedding: "qwen3-embedding-8b",
      ...fields,
    })) {
      for (const item of [value].flat()) form.append(name, item);
    }
    for (const [name, content] of files) form.append("documents", new Blob([content]), name);
    return form;
  };
  const create = async (fields: Record<string, string | string[]>, files: [string, string][] = []) =>
    (await t!.json("/api/v3/answer-engine", { method: "POST", body: engineForm(fields, files) })).data;

  it("indexes its files at once and answers from the passages it finds, in threads, with stored prompts", async () => {
    t = await startSandbox();
    const engine = await create({ max_tokens: "200" }, [["returns-policy.md", RETURNS_POLICY]]);
    expect(engine).toMatchObject({
      answer_engine_id: expect.stringMatching(/^ae_/),
      status: "ready",
      document_count: 1,
      chunk_count: 5,
      error_message: null,
    });
    const chat = async (body: Record<string, unknown>) =>
      (await post(`/api/v3/answer-engine/${engine.answer_engine_id}/chat`, body)).json();
    const first = await chat({ query: "How long do refunds take?", mode: "agentic" });
    expect(first.answer).toMatch(
      /^According to returns-policy\.md: .*Refunds are issued within 5 business days to the original payment method\./,
    );
    expect(first).toMatchObject({
      conv_thread_id: expect.stringMatching(/^thread_/),
      query_id: expect.stringMatching(/^query_/),
      rewritten_query: "How long do refunds take?",
      prompt_id: null,
      metadata: { mode: "agentic", sources: ["returns-policy.md"], thread_turns: 1 },
    });
    expect(first.relevance_score).toBeGreaterThan(0);
    expect(first.token_usage.total_tokens).toBe(first.token_usage.input_tokens + first.token_usage.output_tokens);
    // Agentic: the follow-up is searched with the question before it.
    const prompt = await (
      await t.call(`/api/v3/answer-engine/${engine.answer_engine_id}/system-prompt`, {
        method: "PATCH",
        body: JSON.stringify({ prompt_name: "brief", prompt_text: "Be brief." }),
      })
    ).json();
    const followUp = await chat({
      query: "And for gift returns?",
      mode: "agentic",
      conv_thread_id: first.conv_thread_id,
    });
    expect(followUp).toMatchObject({
      conv_thread_id: first.conv_thread_id,
      prompt_id: prompt.prompt_id,
      prompt_name: "brief",
      metadata: { thread_turns: 2 },
    });
    expect(followUp.rewritten_query).toBe("And for gift returns? (following up on How long do refunds take?)");
    expect(followUp.answer).toContain("refunded as store credit");
    // Vanilla searches the words as asked, and rewrites nothing.
    expect(await chat({ query: "parrots", conv_thread_id: first.conv_thread_id })).toMatchObject({
      rewritten_query: null,
      relevance_score: 0,
      answer: "The engine's documents (returns-policy.md) say nothing about parrots.",
    });
    // The same prompt name again replaces its text, under the same id.
    const again = await (
      await t.call(`/api/v3/answer-engine/${engine.answer_engine_id}/system-prompt`, {
        method: "PATCH",
        body: JSON.stringify({ prompt_name: "brief", prompt_text: "Be very brief." }),
      })
    ).json();
    expect(again.prompt_id).toBe(prompt.prompt_id);
    expect(
      (
        await post(`/api/v3/answer-engine/${engine.answer_engine_id}/chat`, {
          query: "Refunds?",
          prompt_id: "prompt_UNKNOWN",
        })
      ).status,
    ).toBe(404);
  });

  it("retrieves passages best first, at most top_k, with their source and score", async () => {
    t = await startSandbox();
    const engine = await create({}, [
      ["returns-policy.md", RETURNS_POLICY],
      ["shipping.md", "Orders ship within 2 business days.\nExpress delivery arrives the next business day.\n"],
    ]);
    const found = await (
      await post(`/api/v3/answer-engine/${engine.answer_engine_id}/retrieve`, { query: "express delivery", top_k: 2 })
    ).json();
    expect(found.documents).toHaveLength(2);
    expect(found.documents[0]).toMatchObject({
      chunk_id: expect.stringMatching(/^chunk_/),
      source: "shipping.md",
      content: "Express delivery arrives the next business day.",
    });
    expect(found.documents[0].score).toBeGreaterThanOrEqual(found.documents[1].score);
    expect(found.metadata).toMatchObject({ total_chunks_searched: 7, message: null });
    const none = await (
      await post(`/api/v3/answer-engine/${engine.answer_engine_id}/retrieve`, { query: "parrots" })
    ).json();
    expect(none).toMatchObject({ documents: [], metadata: { message: "No passage matches the query." } });
  });

  it("keeps S3 sources it cannot read and says so; refuses an engine without any source or with models that cannot do their part", async () => {
    t = await startSandbox();
    const s3 = await create({ s3_uris: ["s3://bucket/a.md", "s3://bucket/b.md"], s3_prefix: "s3://bucket/more/" });
    expect(s3).toMatchObject({
      document_count: 0,
      chunk_count: 0,
      error_message:
        "The sandbox cannot read S3, so these sources were not indexed: s3://bucket/a.md, s3://bucket/b.md, s3://bucket/more/.",
    });
    const answer = await (
      await post(`/api/v3/answer-engine/${s3.answer_engine_id}/chat`, { query: "Refunds?" })
    ).json();
    expect(answer.answer).toMatch(/^This engine has no indexed documents/);
    const refused = async (form: FormData) => {
      const response = await t!.call("/api/v3/answer-engine", { method: "POST", body: form });
      return { status: response.status, detail: (await response.json()).detail };
    };
    expect(await refused(engineForm({}))).toEqual({
      status: 400,
      detail: "At least one source is required: documents, s3_uris or s3_prefix.",
    });
    expect(await refused(engineForm({ model_llm: "qwen3-embedding-8b" }, [["a.md", "Some text here."]]))).toEqual({
      status: 400,
      detail: "Model qwen3-embedding-8b does not support chat completions.",
    });
    expect(
      await refused(engineForm({ model_embedding: "nugen-flash-instruct" }, [["a.md", "Some text here."]])),
    ).toEqual({ status: 400, detail: "Model nugen-flash-instruct does not support embeddings." });
    expect((await refused(engineForm({}, [["logo.png", "PNG"]]))).status).toBe(400);
  });

  it("keeps an engine's file when the document with the same bytes is deleted", async () => {
    t = await startSandbox();
    const documentId = await t.document("returns-policy.md", RETURNS_POLICY);
    const engine = await create({}, [["returns-policy.md", RETURNS_POLICY]]);
    await t.json(`/api/v3/documents/${documentId}`, { method: "DELETE" });
    const answer = await (
      await post(`/api/v3/answer-engine/${engine.answer_engine_id}/chat`, { query: "How long do refunds take?" })
    ).json();
    expect(answer.answer).toContain("5 business days");
  });
});

describe("sandbox API keys", () => {
  it("lists the keys it has been called with, camelCase, with their use", async () => {
    t = await startSandbox();
    await t.call("/api/v3/documents");
    await t.call("/api/v3/documents", { headers: { authorization: "Bearer second-key-5678" } });
    await t.call("/api/v3/documents", { headers: { authorization: "Bearer" } });
    const keys = await t.json("/api/v3/api-keys/");
    expect(keys).toEqual([
      {
        id: expect.stringMatching(/^key_/),
        name: "Sandbox key 1",
        key: "test-key",
        createdBy: expect.any(String),
        createdAt: expect.any(String),
        lastUsed: expect.any(String),
        usage: 2,
        status: "active",
      },
      {
        id: expect.stringMatching(/^key_/),
        name: "Sandbox key 2",
        key: "second-key-5678",
        createdBy: expect.any(String),
        createdAt: expect.any(String),
        lastUsed: expect.any(String),
        usage: 1,
        status: "active",
      },
    ]);
    // The path has its trailing slash: without it, there is no such route.
    expect((await t.call("/api/v3/api-keys")).status).toBe(404);
  });

  it("records only keys it accepts", async () => {
    t = await startSandbox({ apiKeys: ["test-key"] });
    expect((await t.call("/api/v3/documents", { headers: { authorization: "Bearer wrong-key-0000" } })).status).toBe(
      401,
    );
    expect((await t.json("/api/v3/api-keys/")).map((key: { key: string }) => key.key)).toEqual(["test-key"]);
  });
});
