/**
 * `nugen agents`, `nugen engines` and `nugen keys` against the sandbox, through a proxy that
 * records each request: the built CLI for single commands, the CLI in this process on a fake
 * terminal for conversations (agents run, engines chat keeping its thread, Ctrl-C).
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./helpers/cli.js";
import {
  ANSI,
  FakeKeyboard,
  FakeTerminal,
  fakePipe,
  KEY,
  type RecordingProxy,
  runInProcess,
  startRecordingProxy,
  useCliSandbox,
} from "./helpers/cli-sandbox.js";

const HANDBOOK = fileURLToPath(new URL("../examples/data/kestrel-support-handbook.md", import.meta.url));
const SEED = "alignment-xyz789-deployed";

const cli = useCliSandbox({ tokensPerSecond: 0 });
let proxy: RecordingProxy;
let env: Record<string, string>;

beforeAll(async () => {
  proxy = await startRecordingProxy(cli.url);
  env = { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: proxy.url };
});
afterAll(() => proxy?.close());
beforeEach(() => {
  proxy.requests.length = 0;
  proxy.headers = {};
});

const requestsTo = (part: string) => proxy.requests.filter((request) => request.path.includes(part));

async function until(predicate: () => boolean): Promise<void> {
  await vi.waitFor(
    () => {
      if (!predicate()) throw new Error("not yet");
    },
    { timeout: 15_000, interval: 5 },
  );
}

/** A conversation on a fake terminal, run in this process. */
function onTerminal(args: string[]) {
  const keyboard = new FakeKeyboard();
  const stdout = fakePipe();
  const stderr = new FakeTerminal(100);
  const exit = runInProcess(args, env, { stdin: keyboard, stdout, stderr });
  const prompts = () => stderr.text.split("you> ").length - 1;
  return {
    keyboard,
    stdout,
    stderr,
    exit,
    /** Waits for the n-th prompt. */
    prompted: (n: number) => until(() => prompts() >= n),
  };
}

describe("nugen agents", () => {
  it("creates an agent (its id on stdout), lists, shows, deactivates, reactivates and deletes it", async () => {
    const created = await runCli(
      [
        "agents",
        "create",
        "--name",
        "CLI support desk",
        "--instructions",
        "Answer in one sentence.",
        "--max-tokens",
        "60",
        "--model",
        SEED,
      ],
      env,
    );
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^cli_support_desk_[0-9a-z]{8}$/);
    expect(created.stderr).toBe(
      `Created agent ${id} (cli_support_desk); talk to it with \`nugen agents run 'CLI support desk'\`.\n`,
    );
    expect(requestsTo("/agents/create")[0]?.body).toEqual({
      agent_name: "CLI support desk",
      model: SEED,
      instructions: "Answer in one sentence.",
      max_tokens: 60,
    });

    const list = await runCli(["agents", "list"], env);
    expect(list.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+MODEL\s+STATUS\s+RUNS\s+LAST USED$/);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+cli_support_desk\\s+${SEED}\\s+ACTIVE\\s+0\\s+never`));

    const shown = await runCli(["agents", "show", id], env);
    expect(shown.stdout).toContain("instructions Answer in one sentence.");
    expect(shown.stdout).toContain("endpoint     ");
    expect(shown.stdout).toContain("/api/v3/agents/run-agents/CLI support desk/run");

    const deactivated = await runCli(["agents", "update", id, "--deactivate", "--json"], env);
    expect(JSON.parse(deactivated.stdout)).toMatchObject({ id, status: "INACTIVE" });
    expect(requestsTo(`/agents/${id}`).at(-1)).toMatchObject({ method: "PATCH", body: { status: "INACTIVE" } });
    expect((await runCli(["agents", "list"], env)).stdout).not.toContain(id);
    expect((await runCli(["agents", "list", "--include-inactive", "--json"], env)).stdout).toContain(id);
    const inactiveRun = await runCli(["agents", "run", "CLI support desk", "-m", "Hello"], env);
    expect(inactiveRun.code).toBe(1);
    expect(inactiveRun.stderr).toMatch(/^nugen: 400 Agent 'CLI support desk' is inactive/);
    expect((await runCli(["agents", "update", id, "--activate"], env)).stdout).toContain("status       ACTIVE");

    const deleted = await runCli(["agents", "delete", id], env);
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted agent ${id}.\n` });
    expect((await runCli(["agents", "show", id], env)).code).toBe(1);
  });

  it("refuses bad input before sending: nothing to change, a missing file, a demonstrations file that is no list", async () => {
    const nothing = await runCli(["agents", "update", "some_agent_12345678"], env);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/^nugen: Nothing to change: give at least one of --name/);
    const missing = await runCli(["agents", "create", "--name", "X", "--instructions-file", "no-such-file.txt"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^nugen: --instructions-file no-such-file\.txt cannot be read \(no such file\)\./);
    const notAList = await runCli(["agents", "create", "--name", "X", "--demonstrations-file", HANDBOOK], env);
    expect(notAList.code).toBe(2);
    expect(notAList.stderr).toMatch(/^nugen: --demonstrations-file .* is not JSON/);
    expect(proxy.requests).toHaveLength(0);
  });

  it("runs one message by name and prints the response; --json prints the whole answer; the id is refused with a hint", async () => {
    await cli.nugen.agents.create({ agent_name: "Returns desk", model: SEED });
    const run = await runCli(
      ["agents", "run", "Returns desk", "-m", "How many days do I have to return unopened items?", "--session", "s-1"],
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^According to returns-policy\.md: .*30 days/);
    expect(run.stderr).toMatch(new RegExp(`^\\[${SEED} · \\d+ tokens\\]\\n$`));
    const [request] = requestsTo("/run-agents/");
    expect(request).toMatchObject({
      path: "/api/v3/agents/run-agents/Returns%20desk/run",
      body: { message: "How many days do I have to return unopened items?" },
    });
    expect(request?.headers["x-session-id"]).toBe("s-1");

    const piped = await runCli(["agents", "run", "returns_desk", "--json"], env, undefined, { input: "Refunds?\n" });
    expect(JSON.parse(piped.stdout)).toMatchObject({
      model: SEED,
      response: expect.stringContaining("Refunds"),
      usage: { total_tokens: expect.any(Number) },
    });

    const agent = (await cli.nugen.agents.list()).find((candidate) => candidate.name === "returns_desk");
    const byId = await runCli(["agents", "run", agent!.id, "-m", "Refunds?"], env);
    expect(byId.code).toBe(1);
    expect(byId.stderr).toContain("Runs take the agent's name, not its id: `nugen agents list` shows the names.");
  });

  it("holds a conversation on a terminal under one session id; Ctrl-C stops waiting for an answer and the conversation goes on", async () => {
    await cli.nugen.agents.create({
      agent_name: "Chatty",
      demonstrations: [{ input: "Hello there", output: "Hello! How can I help?" }],
    });
    const chat = onTerminal(["agents", "run", "Chatty", "--session", "conversation-9"]);
    await chat.prompted(1);
    expect(chat.stderr.text).toContain(
      "Talking with agent Chatty (session conversation-9). Ctrl-C stops waiting for an answer; /exit or Ctrl-D ends.",
    );
    chat.keyboard.type("Hello there\r");
    await chat.prompted(2);
    proxy.headers = { "x-sandbox-latency-ms": "10000" };
    chat.keyboard.type("A slow question\r");
    await until(() => requestsTo("/run-agents/").length === 2);
    chat.keyboard.type("\x03");
    await chat.prompted(3);
    expect(chat.stderr.text).toContain("[stopped]");
    proxy.headers = {};
    chat.keyboard.type("Hello there\r");
    await chat.prompted(4);
    chat.keyboard.type("/exit\r");
    expect(await chat.exit).toBe(0);
    expect(chat.stdout.text).toBe("Hello! How can I help?\nHello! How can I help?\n");
    expect(requestsTo("/run-agents/").map((request) => request.headers["x-session-id"])).toEqual([
      "conversation-9",
      "conversation-9",
      "conversation-9",
    ]);
    expect(chat.keyboard.isRaw).toBe(false);
  });

  it("shows the usage per model and the models agents can run on", async () => {
    const usage = await runCli(["agents", "usage"], env);
    expect(usage.stdout).toMatch(/^runs\s+\d+\ntokens\s+\d+\nper run\s+[\d.]+\nmost used /);
    expect(usage.stdout).toMatch(/MODEL\s+RUNS\s+TOKENS/);
    const models = await runCli(["agents", "models"], env);
    expect(models.stdout).toMatch(/qwen3-embedding-8b\s+Qwen3 Embedding 8B\s+embedding\s+qwen3-embedding-8b/);
    expect(models.stdout).toMatch(new RegExp(`${SEED}\\s+customer_support_model\\s+llm\\s+nugen-flash-instruct`));
    const json = JSON.parse((await runCli(["agents", "usage", "--json"], env)).stdout);
    expect(json).toEqual(await cli.nugen.agents.usage());
  });
});

describe("nugen engines", () => {
  it("creates an engine from a file (its id on stdout), says what it could not index, and answers from it", async () => {
    // Straight to the sandbox: the recording proxy reads JSON bodies only.
    const created = await runCli(
      [
        "engines",
        "create",
        HANDBOOK,
        "--name",
        "Kestrel",
        "--llm",
        "nugen-flash-instruct",
        "--embedding",
        "qwen3-embedding-8b",
        "--s3-uri",
        "s3://kestrel/a.md",
      ],
      cli.env,
    );
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^ae_/);
    expect(created.stderr).toMatch(
      new RegExp(
        `^Created answer engine ${id} \\(ready: 1 document, \\d+ passages\\); ask it with \`nugen engines chat ${id}\`\\.\\nThe sandbox cannot read S3, so this source was not indexed: s3://kestrel/a\\.md\\.\\n$`,
      ),
    );

    const asked = await runCli(["engines", "chat", id, "-m", "Who pays for the return shipping of a bike?"], env);
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain(
      "Kestrel pays return shipping: book the pickup with the carrier PaketPlus, free of charge, within 5 business days.",
    );
    expect(asked.stderr).toMatch(/^\[thread thread_\w+ · relevance \d\.\d\d · kestrel-support-handbook\.md\]\n$/);

    const found = await runCli(["engines", "retrieve", id, "E04 controller fault", "--top-k", "2"], env);
    expect(found.stdout.split("\n")[0]).toMatch(/^SCORE\s+SOURCE\s+PASSAGE$/);
    expect(found.stdout).toContain("E04");
    expect(requestsTo("/retrieve").at(-1)?.body).toEqual({ query: "E04 controller fault", top_k: 2 });

    const prompt = await runCli(
      ["engines", "prompt", id, "--name", "concise", "--text", "Answer in one sentence."],
      env,
    );
    expect(prompt.stdout).toMatch(/^prompt_\w+\n$/);
    expect(prompt.stderr).toBe(`Stored prompt concise as ${prompt.stdout.trim()}; the engine answers with it now.\n`);
  });

  it("refuses an engine without a source before sending anything", async () => {
    const result = await runCli(
      ["engines", "create", "--name", "Empty", "--llm", "nugen-flash-instruct", "--embedding", "qwen3-embedding-8b"],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^nugen: No source: give at least one FILE, --s3-uri or --s3-prefix\./);
    expect(proxy.requests).toHaveLength(0);
  });

  it("keeps the thread through a conversation on a terminal, each question in agentic mode", async () => {
    const engine = await cli.nugen.answerEngines.create({
      answer_engine_name: "Kestrel",
      model_llm: "nugen-flash-instruct",
      model_embedding: "qwen3-embedding-8b",
      documents: (await import("node:fs")).createReadStream(HANDBOOK),
    });
    const chat = onTerminal(["engines", "chat", engine.answer_engine_id, "--mode", "agentic"]);
    await chat.prompted(1);
    chat.keyboard.type("Who pays for the return shipping of a bike?\r");
    await chat.prompted(2);
    chat.keyboard.type("And when do I get my refund?\r");
    await chat.prompted(3);
    chat.keyboard.type("\x04");
    expect(await chat.exit).toBe(0);
    const [first, second] = requestsTo("/chat");
    expect(first?.body).toEqual({ query: "Who pays for the return shipping of a bike?", mode: "agentic" });
    const thread = /\[thread (thread_\w+)/.exec(chat.stderr.text.replace(ANSI, ""))?.[1];
    expect(thread).toBeDefined();
    expect(second?.body).toEqual({ query: "And when do I get my refund?", mode: "agentic", conv_thread_id: thread });
    expect(chat.stdout.text.split("\n")[1]).toContain("for a full refund");
  });
});

describe("nugen keys", () => {
  it("lists the keys masked to their last four characters, whole only with --show-keys", async () => {
    const list = await runCli(["keys", "list"], env);
    expect(list.code).toBe(0);
    expect(list.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+KEY\s+STATUS\s+USAGE\s+CREATED\s+LAST USED$/);
    expect(list.stdout).toMatch(/Sandbox key 1\s+\*\*\*\*6789\s+active/);
    expect(list.stdout).not.toContain(KEY);
    const json = await runCli(["keys", "list", "--json", "--verbose"], env);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ name: "Sandbox key 1", key: "****6789", status: "active" });
    expect(json.stdout + json.stderr).not.toContain(KEY);
    expect(json.stderr).toContain("GET /api/v3/api-keys/ -> 200");
    const shown = await runCli(["keys", "list", "--show-keys", "--json"], env);
    expect(JSON.parse(shown.stdout)[0].key).toBe(KEY);
  });
});
