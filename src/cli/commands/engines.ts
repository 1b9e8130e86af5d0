/**
 * `nugen engines`: answer engines. Create one from files and S3 sources; ask it questions (a
 * conversation on a terminal that keeps its thread, or one question); search its passages;
 * store a system prompt.
 */
import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import type { AnswerEngineChatAnswer, AnswerEngineChatRequest, RetrievedPassage } from "../../index.js";
import { onRun } from "../action.js";
import { inferenceHint } from "../answer.js";
import { callApi } from "../api-call.js";
import { clientFor } from "../client.js";
import { jsonFlag, repeated } from "../common-flags.js";
import { converse } from "../conversation.js";
import { UsageError } from "../errors.js";
import { localFile } from "../files.js";
import { colorsFor, type IO, widthOf, writeJson, writeLine } from "../io.js";
import { parseCount, parseNumber } from "../parse-flags.js";
import { withHint } from "../report-error.js";
import { type Column, renderTable } from "../table.js";

const CREATE_TERMS = {
  flags: {
    answer_engine_name: "--name",
    model_llm: "--llm",
    model_embedding: "--embedding",
    model_reranker: "--reranker",
    documents: "FILE",
    s3_uris: "--s3-uri",
    max_tokens: "--max-tokens",
  },
  ifItMayHaveTakenEffect:
    "The answer engine may have been created all the same; no route lists engines, so look for it in the Nugen platform before creating it again.",
};
const ASK_TERMS = {
  flags: { query: "-m", model_llm: "--llm", top_k: "--top-k", conv_thread_id: "--thread", prompt_id: "--prompt-id" },
};
const MODES = ["vanilla", "agentic"] as const;

interface CreateFlags {
  name: string;
  llm: string;
  embedding: string;
  reranker?: string;
  systemPrompt?: string;
  temperature?: number;
  maxTokens?: number;
  s3Uri?: string[];
  s3Prefix?: string;
  json?: boolean;
}

interface ChatFlags {
  message?: string;
  thread?: string;
  mode?: (typeof MODES)[number];
  topK?: number;
  promptId?: string;
  llm?: string;
  json?: boolean;
}

export function registerEngines(program: Command, io: IO): void {
  const engines = program
    .command("engines")
    .description("Answer engines: answers from the passages of your documents, in conversation threads");

  const create = engines
    .command("create")
    .description("Create an answer engine over files and S3 sources, and print its id")
    .argument("[file...]", "text files to index (.md .txt .json .jsonl .csv .xml)")
    .requiredOption("--name <name>", "name of the engine")
    .requiredOption("--llm <model>", "the model that writes the answers, such as nugen-flash-instruct")
    .requiredOption("--embedding <model>", "the embedding model that indexes, such as qwen3-embedding-8b")
    .option("--reranker <model>", "a reranker that reorders the passages found, such as bge-reranker-v2-m3")
    .option("--system-prompt <text>", "how the engine should answer")
    .addOption(
      new Option("--temperature <x>", "sampling temperature of the answers (default 0.2)").argParser(parseNumber),
    )
    .addOption(new Option("--max-tokens <n>", "most tokens in one answer (default 600)").argParser(parseCount))
    .option("--s3-uri <uri>", "an S3 object to index (repeat for several)", repeated)
    .option("--s3-prefix <uri>", "index every object under this S3 prefix");
  jsonFlag(create, "print the engine as JSON").addHelpText(
    "after",
    '\nAt least one source: FILE, --s3-uri or --s3-prefix. The engine is indexed when it answers\n`ready`; no route reads an engine back, so one still `processing` is used by asking it.\n\nExamples:\n  $ nugen engines create kestrel-support-handbook.md --name "Kestrel support" --llm nugen-flash-instruct --embedding qwen3-embedding-8b\n  $ nugen engines create --name Manuals --llm nugen-flash-instruct --embedding nomic-embed-text-v1.5 --s3-prefix s3://kestrel/manuals/',
  );
  onRun(create, async (paths: string[], flags: CreateFlags, command: Command) => {
    const usage = command.helpInformation();
    const s3Uris = flags.s3Uri ?? [];
    if (paths.length === 0 && s3Uris.length === 0 && !flags.s3Prefix)
      throw new UsageError("No source: give at least one FILE, --s3-uri or --s3-prefix.", usage);
    const files = paths.map((path) => localFile(path, "FILE", usage));
    const engine = await callApi(command, CREATE_TERMS, () =>
      clientFor(command, io).answerEngines.create({
        answer_engine_name: flags.name,
        model_llm: flags.llm,
        model_embedding: flags.embedding,
        ...(flags.reranker !== undefined ? { model_reranker: flags.reranker } : {}),
        ...(flags.systemPrompt !== undefined ? { system_prompt: flags.systemPrompt } : {}),
        ...(flags.temperature !== undefined ? { temperature: flags.temperature } : {}),
        ...(flags.maxTokens !== undefined ? { max_tokens: flags.maxTokens } : {}),
        ...(files.length > 0 ? { documents: files.map((file) => file.open()) } : {}),
        ...(s3Uris.length > 0 ? { s3_uris: s3Uris } : {}),
        ...(flags.s3Prefix !== undefined ? { s3_prefix: flags.s3Prefix } : {}),
      }),
    );
    if (flags.json) return writeJson(io, engine);
    writeLine(io.stdout, engine.answer_engine_id);
    const counted = (count: number | undefined, noun: string) =>
      typeof count === "number" ? `${count} ${noun}${count === 1 ? "" : "s"}` : undefined;
    const counts = [counted(engine.document_count, "document"), counted(engine.chunk_count, "passage")]
      .filter(Boolean)
      .join(", ");
    writeLine(
      io.stderr,
      `Created answer engine ${engine.answer_engine_id} (${engine.status ?? "status unknown"}${counts ? `: ${counts}` : ""}); ask it with \`nugen engines chat ${engine.answer_engine_id}\`.`,
    );
    if (engine.error_message) writeLine(io.stderr, colorsFor(io.stderr, io.env).yellow(engine.error_message));
  });

  const chat = engines
    .command("chat")
    .description(
      "Ask an answer engine: a conversation on a terminal that keeps its thread, or one question (-m, or piped on stdin)",
    )
    .argument("<id>", "engine id (ae_...), as `nugen engines create` printed it")
    .option("-m, --message <text>", "ask this one question, print the answer and exit (stdin is not read)")
    .option("--thread <id>", "continue this conversation thread (thread_...), as an answer's footer names it")
    .addOption(
      new Option(
        "--mode <mode>",
        "vanilla: search the question as asked; agentic: rewrite it with the thread first",
      ).choices(MODES),
    )
    .addOption(new Option("--top-k <n>", "most passages to answer from, 1 to 30").argParser(parseCount))
    .option("--prompt-id <id>", "answer with this stored system prompt (`nugen engines prompt`)")
    .option("--llm <model>", "another answering model, for these questions");
  jsonFlag(chat, "one JSON line per answer on stdout, and nothing else").addHelpText(
    "after",
    '\nExamples:\n  $ nugen engines chat ae_01KXM3B7QF2D8RW --mode agentic\n  $ nugen engines chat ae_01KXM3B7QF2D8RW -m "Who pays for the return shipping of a bike?"\n  $ nugen engines chat ae_01KXM3B7QF2D8RW -m "And the refund?" --thread thread_01KXM3C2N8J4TQ5 --json | jq -r .answer',
  );
  onRun(chat, async (id: string, flags: ChatFlags, command: Command) => {
    const nugen = clientFor(command, io);
    // The thread the conversation is in: the one given, then the one the first answer starts.
    let thread = flags.thread;
    return converse(
      io,
      command,
      {
        greeting: `Asking answer engine ${id}${thread ? ` in thread ${thread}` : ""}.`,
        ask: async (query, signal) => {
          const body: AnswerEngineChatRequest = {
            query,
            ...(thread !== undefined ? { conv_thread_id: thread } : {}),
            ...(flags.mode !== undefined ? { mode: flags.mode } : {}),
            ...(flags.topK !== undefined ? { top_k: flags.topK } : {}),
            ...(flags.promptId !== undefined ? { prompt_id: flags.promptId } : {}),
            ...(flags.llm !== undefined ? { model_llm: flags.llm } : {}),
          };
          const answer = await callApi(command, ASK_TERMS, () => nugen.answerEngines.chat(id, body, { signal })).catch(
            (error: unknown) => {
              throw withHint(error, flags.llm ? inferenceHint(error, flags.llm) : undefined);
            },
          );
          thread = answer.conv_thread_id ?? thread;
          return { text: answer.answer, footer: footerOf(answer), whole: answer };
        },
      },
      flags,
    );
  });

  const retrieve = engines
    .command("retrieve")
    .description("Show the passages an answer engine finds for a query, best first, without answering")
    .argument("<id>", "engine id (ae_...)")
    .argument("<query>", "what to search for")
    .addOption(new Option("--top-k <n>", "most passages, 1 to 50").argParser(parseCount));
  jsonFlag(retrieve, "print the answer as JSON").addHelpText(
    "after",
    '\nExample:\n  $ nugen engines retrieve ae_01KXM3B7QF2D8RW "charging time" --top-k 3',
  );
  onRun(retrieve, async (id: string, query: string, flags: { topK?: number; json?: boolean }, command: Command) => {
    const found = await callApi(command, { flags: { query: "QUERY", top_k: "--top-k" } }, () =>
      clientFor(command, io).answerEngines.retrieve(id, {
        query,
        ...(flags.topK !== undefined ? { top_k: flags.topK } : {}),
      }),
    );
    if (flags.json) return writeJson(io, found);
    if (found.documents.length === 0)
      return writeLine(io.stdout, found.metadata?.message ?? "No passage matches the query.");
    const columns: Column<RetrievedPassage>[] = [
      { header: "SCORE", value: (passage) => (typeof passage.score === "number" ? passage.score.toFixed(2) : "-") },
      { header: "SOURCE", value: (passage) => passage.source ?? "-" },
      { header: "PASSAGE", value: (passage) => passage.content ?? JSON.stringify(passage) },
    ];
    return writeLine(
      io.stdout,
      renderTable(found.documents, columns, colorsFor(io.stdout, io.env), widthOf(io.stdout)),
    );
  });

  const prompt = engines
    .command("prompt")
    .description(
      "Store a system prompt for an answer engine under a name (the same name replaces it) and answer with it",
    )
    .argument("<id>", "engine id (ae_...)")
    .requiredOption("--name <name>", "the prompt's name")
    .option("--text <text>", "the prompt")
    .option("--file <path>", "the prompt, read from a file");
  jsonFlag(prompt, "print the answer as JSON").addHelpText(
    "after",
    '\nExample:\n  $ nugen engines prompt ae_01KXM3B7QF2D8RW --name concise --text "Answer in one sentence and quote the handbook."',
  );
  onRun(
    prompt,
    async (id: string, flags: { name: string; text?: string; file?: string; json?: boolean }, command: Command) => {
      const usage = command.helpInformation();
      if ((flags.text === undefined) === (flags.file === undefined))
        throw new UsageError("Give the prompt once: --text or --file.", usage);
      const text = flags.file !== undefined ? readLocalFile(flags.file, usage) : (flags.text as string);
      const stored = await callApi(
        command,
        { flags: { prompt_name: "--name", prompt_text: flags.file !== undefined ? "--file" : "--text" } },
        () =>
          clientFor(command, io).answerEngines.updateSystemPrompt(id, { prompt_name: flags.name, prompt_text: text }),
      );
      if (flags.json) return writeJson(io, stored);
      writeLine(io.stdout, stored.prompt_id ?? "");
      writeLine(
        io.stderr,
        `Stored prompt ${flags.name}${stored.prompt_id ? ` as ${stored.prompt_id}` : ""}; the engine answers with it now.`,
      );
    },
  );
}

/** `[thread thread_… · relevance 0.82 · handbook.md]`: what an answer says of itself, for stderr. */
function footerOf(answer: AnswerEngineChatAnswer): string {
  const sources = (answer.metadata as { sources?: unknown } | undefined)?.sources;
  const parts = [
    answer.conv_thread_id ? `thread ${answer.conv_thread_id}` : undefined,
    typeof answer.relevance_score === "number" ? `relevance ${answer.relevance_score.toFixed(2)}` : undefined,
    Array.isArray(sources) && sources.length > 0 ? sources.join(", ") : undefined,
    answer.prompt_name ? `prompt ${answer.prompt_name}` : undefined,
  ].filter(Boolean);
  return `[${parts.join(" · ")}]`;
}

/** The text of a file named by --file, refused with the usage when it is not there. */
function readLocalFile(path: string, usage: Parameters<typeof localFile>[2]): string {
  localFile(path, "--file", usage);
  return readFileSync(path, "utf8");
}
