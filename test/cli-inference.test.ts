/**
 * `nugen chat`, `complete`, `embed` and `rerank` against the sandbox (tokens unpaced), through
 * a proxy that records each request and adds the sandbox's stream fault headers when a test
 * asks: one message, a piped one, a conversation on a (fake) terminal, Ctrl-C, broken streams.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { cliPath, runCli } from "./helpers/cli.js";
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

/** The seed's aligned model that is deployed from the start, aligned on a returns policy. */
const SEED = "alignment-xyz789-deployed";
/** A seed aligned model that is not deployed. */
const UNDEPLOYED = "alignment-abc456";
const QUESTION = "How long do refunds take?";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const cli = useCliSandbox({ tokensPerSecond: 0 });
let proxy: RecordingProxy;
let env: Record<string, string>;
/** The seed model's whole answer to QUESTION, as the SDK gets it. */
let answer: string;

beforeAll(async () => {
  proxy = await startRecordingProxy(cli.url);
  env = { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: proxy.url };
  const whole = await cli.nugen.chat.completions.create({
    model: SEED,
    messages: [{ role: "user", content: QUESTION }],
  });
  answer = whole.choices[0]?.message?.content ?? "";
});
afterAll(() => proxy?.close());
beforeEach(() => {
  proxy.requests.length = 0;
  proxy.headers = {};
});

const chatRequests = () => proxy.requests.filter((request) => request.path.endsWith("/inference/chat/completions"));

/** Waits (polling, no deadline asserted) until `predicate` holds. */
async function until(predicate: () => boolean): Promise<void> {
  await vi.waitFor(
    () => {
      if (!predicate()) throw new Error("not yet");
    },
    { timeout: 15_000, interval: 5 },
  );
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe("nugen chat -m: one message", () => {
  it("streams the aligned model's answer from its document to stdout, confidence and timing dim on stderr", async () => {
    expect(answer).toMatch(/^According to returns-policy\.md: /);
    const result = await runCli(["chat", SEED, "-m", QUESTION], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${answer}\n`);
    expect(result.stderr).toMatch(/^\[confidence \d+\.\d · \d+\.\d\d s · first token \d+\.\d\d s · \d+ tokens\/s\]\n$/);
    const [request] = chatRequests();
    expect(request?.body).toEqual({ model: SEED, messages: [{ role: "user", content: QUESTION }], stream: true });
    expect(String(request?.headers["x-session-id"])).toMatch(UUID);
  });

  it("reads the message from stdin when it is piped", async () => {
    const result = await runCli(["chat", SEED], env, undefined, { input: `${QUESTION}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${answer}\n`);
    expect(chatRequests()[0]?.body.messages).toEqual([{ role: "user", content: `${QUESTION}\n` }]);
  });

  it("sends --system first, and --max-tokens, --temperature, --provider and --session as asked", async () => {
    const result = await runCli(
      [
        "chat",
        "nugen-flash-instruct",
        "--system",
        "Answer in one sentence.",
        "-m",
        "Hello",
        "--max-tokens",
        "5",
        "--temperature",
        "0.2",
        "--provider",
        "fireworks",
        "--session",
        "s-42",
      ],
      env,
    );
    expect(result.code).toBe(0);
    const [request] = chatRequests();
    expect(request?.body).toEqual({
      model: "nugen-flash-instruct",
      messages: [
        { role: "system", content: "Answer in one sentence." },
        { role: "user", content: "Hello" },
      ],
      max_tokens: 5,
      temperature: 0.2,
      stream: true,
    });
    expect(request?.headers).toMatchObject({ "x-session-id": "s-42", "x-provider": "fireworks" });
    // Five tokens of a base model's answer, and a note that the limit cut it.
    expect(result.stdout).toBe("I am nugen-flash-instruct, a general\n");
    expect(result.stderr).toContain("cut at the token limit: raise --max-tokens for more");
    expect(result.stderr).not.toContain("confidence");
  });

  it("--json prints one JSON document per line, a line per stream event, confidence included, and nothing else", async () => {
    const result = await runCli(["chat", SEED, "-m", QUESTION, "--json"], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    const events = lines.map((line) => JSON.parse(line) as Record<string, any>);
    expect(events[0]).toHaveProperty("_timing");
    expect(events.some((event) => event.object === "confidence" && typeof event.confidence_score === "number")).toBe(
      true,
    );
    expect(events.at(-1)).toMatchObject({ object: "timing" });
    const chunks = events.filter((event) => event.object === "chat.completion.chunk");
    expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? "").join("")).toBe(answer);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect(result.stderr).toBe("");
  });

  it("--no-stream asks for the whole completion: the same text, and with --json the completion on one line", async () => {
    const text = await runCli(["chat", SEED, "-m", QUESTION, "--no-stream"], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(`${answer}\n`);
    expect(text.stderr).toMatch(/^\[confidence \d+\.\d · /);
    expect(chatRequests()[0]?.body).not.toHaveProperty("stream", true);
    const json = await runCli(["chat", SEED, "-m", QUESTION, "--no-stream", "--json"], env);
    expect(json.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      object: "chat.completion",
      choices: [{ message: { content: answer } }],
    });
  });
});

describe("nugen chat: failures and exit codes", () => {
  it("a model that is not deployed: exit 1, the server's reason and the command that deploys it", async () => {
    const result = await runCli(["chat", UNDEPLOYED, "-m", QUESTION], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `nugen: 400 Model ${UNDEPLOYED} is not deployed. Deploy it first.\nDeploy it with \`nugen models deploy ${UNDEPLOYED} --wait\`, then try again.\n`,
    );
    const json = await runCli(["chat", UNDEPLOYED, "-m", QUESTION, "--json"], env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: {
        type: "BadRequestError",
        exit_code: 1,
        status: 400,
        hint: `Deploy it with \`nugen models deploy ${UNDEPLOYED} --wait\`, then try again.`,
      },
    });
  });

  it("a stream broken off mid-answer: exit 1 with what was shown kept and a clear message", async () => {
    // _timing, the role, then three words: the connection is cut after five events.
    proxy.headers = { "x-sandbox-stream-cut-after": "5" };
    const result = await runCli(["chat", SEED, "-m", QUESTION], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("According to returns-policy.md:\n");
    expect(result.stderr).toMatch(
      /^nugen: The stream (broke off|ended) before \[DONE\].*: the answer is incomplete\.\nWhat was shown above is incomplete; try again\.\n$/,
    );
    const json = await runCli(["chat", SEED, "-m", QUESTION, "--json"], env);
    expect(json.code).toBe(1);
    const last = JSON.parse(json.stdout.trimEnd().split("\n").at(-1) ?? "{}");
    expect(last).toMatchObject({ error: { type: "StreamInterruptedError", exit_code: 1 } });
  });

  it("an error event on the stream: exit 1 with the server's message", async () => {
    proxy.headers = { "x-sandbox-stream-error-after": "4" };
    const result = await runCli(["chat", SEED, "-m", QUESTION], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("According to\n");
    expect(result.stderr).toMatch(/^nugen: Error on the stream: Generation failed/);
  });

  it("Ctrl-C during the answer stops it: what was shown stays, exit 130", async () => {
    // The stream stalls after six events ("According to returns-policy.md: Gift"), until the client leaves.
    proxy.headers = { "x-sandbox-stream-stall-after": "6" };
    let sent = false;
    const result = await runCli(["chat", SEED, "-m", QUESTION], env, undefined, {
      onStdout: (stdout, child) => {
        if (!sent && stdout.includes("Gift")) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(result.code).toBe(130);
    expect(result.stdout).toBe("According to returns-policy.md: Gift\n");
    expect(result.stderr).toBe("Stopped: the answer above is incomplete.\n");
  });

  it.each([
    [["-m", ""], "nugen: -m must not be empty."],
    [["-m", "Hi", "--system", " "], "nugen: --system must not be empty."],
    [["-m", "Hi", "--temperature", "3"], "nugen: Invalid input: --temperature must be <= 2."],
    [["-m", "Hi", "--max-tokens", "0"], "nugen: Invalid input: --max-tokens must be >= 1."],
    [["-m", "Hi", "--session", "x".repeat(257)], "nugen: --session must be at most 256 characters long."],
  ])("%j is a usage error (2), nothing sent", async (args, message) => {
    const result = await runCli(["chat", SEED, ...args], env);
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith(`${message}\n`)).toBe(true);
    expect(result.stderr).toContain("Usage: nugen chat [options] <model>");
    expect(chatRequests()).toHaveLength(0);
  });

  it("an empty stdin is a usage error that says how to give a message", async () => {
    const result = await runCli(["chat", SEED], env, undefined, { input: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^nugen: No message: stdin was empty\. Give one with -m TEXT, or run `nugen chat` on a terminal for a conversation\.\n/,
    );
  });
});

/** A conversation on a fake terminal, run in this process. */
function converse(args: string[]) {
  const keyboard = new FakeKeyboard();
  const stdout = fakePipe();
  const stderr = new FakeTerminal(100);
  const exit = runInProcess(["chat", ...args], env, { stdin: keyboard, stdout, stderr });
  return {
    keyboard,
    stdout,
    stderr,
    exit,
    /** Waits for the first prompt. */
    started: () => until(() => stderr.text.includes("you> ")),
    /** Waits until the n-th answer has ended (its footer, [stopped] or an error said) and the prompt is back. */
    answered: (n: number) =>
      until(() => {
        const text = stderr.text.replace(ANSI, "");
        const ends = [...text.matchAll(/\[confidence |\[stopped\]|nugen: /g)].map((match) => match.index ?? 0);
        return ends.length >= n && text.lastIndexOf("you> ") > (ends[n - 1] ?? 0);
      }),
  };
}

describe("nugen chat on a terminal: a conversation", () => {
  it("keeps the conversation: each turn sends it whole, under one session id; /exit ends it", async () => {
    const chat = converse([SEED, "--system", "You answer customers.", "--session", "conversation-1"]);
    await chat.started();
    expect(chat.stderr.text).toContain(
      `Chatting with ${SEED} (session conversation-1). Ctrl-C stops an answer; /exit or Ctrl-D ends.`,
    );
    chat.keyboard.type(`${QUESTION}\r`);
    await chat.answered(1);
    chat.keyboard.type("And gift returns?\r");
    await chat.answered(2);
    chat.keyboard.type("/exit\r");
    expect(await chat.exit).toBe(0);

    const [first, second] = chatRequests();
    expect(chatRequests()).toHaveLength(2);
    expect(first?.body.messages).toEqual([
      { role: "system", content: "You answer customers." },
      { role: "user", content: QUESTION },
    ]);
    const answers = chat.stdout.text.trimEnd().split("\n");
    expect(answers[0]).toBe(answer);
    expect(answers[1]).toMatch(/^According to returns-policy\.md: Gift returns/);
    expect(second?.body.messages).toEqual([
      { role: "system", content: "You answer customers." },
      { role: "user", content: QUESTION },
      { role: "assistant", content: answer },
      { role: "user", content: "And gift returns?" },
    ]);
    expect([first?.headers["x-session-id"], second?.headers["x-session-id"]]).toEqual([
      "conversation-1",
      "conversation-1",
    ]);
    // Each answer's confidence follows it on stderr; stdout holds the answers alone.
    expect(count(chat.stderr.text, "[confidence ")).toBe(2);
    expect(chat.stdout.text).not.toContain("you>");
    expect(chat.keyboard.isRaw).toBe(false);
  });

  it("Ctrl-C during an answer stops that answer and the conversation goes on; Ctrl-C at an empty prompt ends it with 130", async () => {
    proxy.headers = { "x-sandbox-stream-stall-after": "6" };
    const chat = converse([SEED]);
    await chat.started();
    chat.keyboard.type(`${QUESTION}\r`);
    await until(() => chat.stdout.text.includes("Gift"));
    proxy.headers = {};
    chat.keyboard.type("\x03");
    await chat.answered(1);
    expect(chat.stderr.text).toContain("[stopped]");
    chat.keyboard.type("And gift returns?\r");
    await chat.answered(2);
    chat.keyboard.type("\x03");
    expect(await chat.exit).toBe(130);

    const answers = chat.stdout.text.split("\n");
    expect(answers[0]).toBe("According to returns-policy.md: Gift");
    expect(answers[1]).toMatch(/^According to returns-policy\.md: Gift returns need the gift receipt/);
    // What was shown of the stopped answer is part of the conversation.
    const [first, second] = chatRequests();
    expect(second?.body.messages).toEqual([
      { role: "user", content: QUESTION },
      { role: "assistant", content: "According to returns-policy.md: Gift" },
      { role: "user", content: "And gift returns?" },
    ]);
    const session = first?.headers["x-session-id"];
    expect(String(session)).toMatch(UUID);
    expect(second?.headers["x-session-id"]).toBe(session);
    expect(chat.keyboard.isRaw).toBe(false);
  });

  it("a failed turn is reported and left out of the conversation, which goes on; Ctrl-D ends it with 0", async () => {
    const chat = converse([SEED]);
    await chat.started();
    proxy.headers = { "x-sandbox-stream-cut-after": "4" };
    chat.keyboard.type("First try\r");
    await chat.answered(1);
    expect(chat.stderr.text.replace(ANSI, "")).toMatch(/nugen: The stream (broke off|ended) before \[DONE\]/);
    proxy.headers = {};
    // Ctrl-C drops a line being typed without ending the conversation.
    chat.keyboard.type("never mind\x03");
    chat.keyboard.type(`${QUESTION}\r`);
    await chat.answered(2);
    chat.keyboard.type("\x04");
    expect(await chat.exit).toBe(0);
    const requests = chatRequests();
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body.messages).toEqual([{ role: "user", content: QUESTION }]);
  });
});

describe("nugen chat on a real terminal (a pseudo-terminal from `script`)", () => {
  it("Ctrl-C is a key while an answer streams: it stops the answer, the prompt comes back, and Ctrl-D ends with 0", async () => {
    proxy.headers = { "x-sandbox-stream-stall-after": "6" };
    const command = `NUGEN_API_KEY=${KEY} NUGEN_BASE_URL=${proxy.url} ${process.execPath} ${cliPath} chat ${SEED}`;
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      env: { PATH: process.env.PATH, TERM: "xterm" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    let step = 0;
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const visible = output.replace(ANSI, "");
      if (step === 0 && visible.includes("you> ")) {
        step = 1;
        child.stdin.write(`${QUESTION}\r`);
      } else if (step === 1 && visible.includes("Gift")) {
        step = 2;
        proxy.headers = {};
        // Typed while the answer streams: neither echoed into it nor sent later.
        child.stdin.write("abc\x03");
      } else if (step === 2 && /\[stopped\][\s\S]*you> $/.test(visible)) {
        step = 3;
        child.stdin.write("And gift returns?\r");
      } else if (step === 3 && /\[confidence [^\]]*\][\s\S]*you> $/.test(visible)) {
        step = 4;
        child.stdin.write("\x04");
      }
    });
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    const visible = output.replace(ANSI, "");
    expect(visible).toContain("According to returns-policy.md: Gift\r\n[stopped]");
    expect(visible).not.toContain("abc");
    expect(chatRequests().map((request) => request.body.messages.at(-1)?.content)).toEqual([
      QUESTION,
      "And gift returns?",
    ]);
    expect(chatRequests()[1]?.body.messages[1]).toEqual({
      role: "assistant",
      content: "According to returns-policy.md: Gift",
    });
  });
});

describe("nugen complete, embed, rerank", () => {
  it("complete streams the continuation of PROMPT (or of stdin)", async () => {
    const result = await runCli(["complete", SEED, "Defective products:", "--max-tokens", "6"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(" According to returns-policy.md: Defective products are\n");
    expect(result.stderr).toMatch(/^\[confidence \d+\.\d · .*cut at the token limit: raise --max-tokens for more\]\n$/);
    const piped = await runCli(["complete", SEED, "--max-tokens", "6"], env, undefined, {
      input: "Defective products:",
    });
    expect(piped.stdout).toBe(result.stdout);
    const json = await runCli(["complete", SEED, "Defective products:", "--max-tokens", "6", "--json"], env);
    const events = json.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(
      events
        .filter((event) => event.object === "text_completion")
        .map((event) => event.choices[0]?.text ?? "")
        .join(""),
    ).toBe(" According to returns-policy.md: Defective products are");
  });

  it("complete with a model that is not deployed says how to deploy it", async () => {
    const result = await runCli(["complete", UNDEPLOYED, "Hello"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Deploy it with \`nugen models deploy ${UNDEPLOYED} --wait\`, then try again.`);
  });

  it("embed prints a line per text with its dimensions and first values; --json the API's answer", async () => {
    const result = await runCli(
      ["embed", "nomic-embed-text-v1.5", "Returns take 30 days.", "Refunds take 5 days."],
      env,
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^#\s+DIMENSIONS\s+FIRST VALUES\s+TEXT$/);
    expect(lines[1]).toMatch(
      /^1\s+768\s+\[-?\d\.\d{4}, -?\d\.\d{4}, -?\d\.\d{4}, -?\d\.\d{4}, …\]\s+Returns take 30 days\.$/,
    );
    expect(lines[2]).toMatch(/^2\s+768\s+\[.*\]\s+Refunds take 5 days\.$/);
    const json = await runCli(
      ["embed", "nomic-embed-text-v1.5", "Returns take 30 days.", "--dimensions", "16", "--json"],
      env,
    );
    expect(JSON.parse(json.stdout).data.map((item: { embedding: number[] }) => item.embedding.length)).toEqual([16]);
    const short = await runCli(["embed", "nomic-embed-text-v1.5", "Returns take 30 days.", "--dimensions", "3"], env);
    expect(short.stdout).toMatch(/\n1\s+3\s+\[-?\d\.\d{4}, -?\d\.\d{4}, -?\d\.\d{4}\]\s+Returns/);
  });

  it("rerank prints the documents best first with their scores; --top-n keeps the best; --json the API's answer", async () => {
    const documents = ["Frame: 5 years.", "Battery: 2 years or 800 cycles.", "Charge between 10 and 30 degrees."];
    const result = await runCli(["rerank", "nomic-embed-text-v1.5", "--query", "battery warranty", ...documents], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^RANK\s+SCORE\s+DOCUMENT\s+TEXT$/);
    expect(lines[1]).toMatch(/^1\s+\d\.\d{3}\s+#2\s+Battery: 2 years or 800 cycles\.$/);
    expect(lines).toHaveLength(4);
    const top = await runCli(
      ["rerank", "nomic-embed-text-v1.5", "--query", "battery warranty", "--top-n", "1", ...documents],
      env,
    );
    expect(top.stdout.trimEnd().split("\n")).toHaveLength(2);
    const json = await runCli(
      ["rerank", "nomic-embed-text-v1.5", "--query", "battery warranty", "--json", ...documents],
      env,
    );
    expect(JSON.parse(json.stdout).results[0]).toMatchObject({ index: 1 });
  });

  it("an unknown model is exit 1 with where to find the models", async () => {
    const result = await runCli(["embed", "no-such-model", "text"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "nugen: 404 Model no-such-model not found.\nCheck the model id: `nugen models list` shows your aligned models, `nugen models list --base` the base models.\n",
    );
  });
});
