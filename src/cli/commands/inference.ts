/**
 * `nugen complete`, `nugen embed`, `nugen rerank`: one inference call each. A completion
 * streams like a chat answer; vectors and rankings print as tables (the API's JSON with --json).
 */
import { type Command, Option } from "commander";
import type {
  Completion,
  CompletionChunk,
  CompletionRequest,
  EmbeddingList,
  EmbeddingsRequest,
  RerankRequest,
  RerankResponse,
} from "../../index.js";
import { onRun } from "../action.js";
import { callInference, processInterrupts, reportAnswerFailure, showAnswer } from "../answer.js";
import { clientFor } from "../client.js";
import { checkHeaderFlag, type GenerationFlags, generationFlags, jsonFlag } from "../common-flags.js";
import { Interrupted, UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { colorsFor, type IO, widthOf, writeJson, writeLine } from "../io.js";
import { parseCount } from "../parse-flags.js";
import { type Column, renderTable } from "../table.js";
import { readAll } from "../terminal-input.js";

/** How many of a vector's values `nugen embed` shows. */
const VALUES_SHOWN = 4;
const RERANK_METHODS = ["fast", "standard", "optimal"] as const;

export function registerInference(program: Command, io: IO): void {
  registerComplete(program, io);
  registerEmbed(program, io);
  registerRerank(program, io);
}

function registerComplete(program: Command, io: IO): void {
  const complete = program
    .command("complete")
    .description("Continue a prompt (a text completion), streamed as it arrives")
    .argument("<model>", "a base model or a deployed aligned model")
    .argument("[prompt]", "the text to continue (default: stdin, when piped)");
  generationFlags(complete, "the completion", "the API's default is short: 16");
  jsonFlag(
    complete,
    "one JSON line per stream event on stdout (the whole completion with --no-stream), and nothing else",
  );
  complete.addHelpText(
    "after",
    '\nExamples:\n  $ nugen complete nugen-flash-instruct "Returning a bike, in one sentence:" --max-tokens 60\n  $ echo "The battery warranty covers" | nugen complete support-bot-model --max-tokens 40',
  );
  onRun(complete, async (model: string, prompt: string | undefined, flags: GenerationFlags, command: Command) => {
    const usage = command.helpInformation();
    checkHeaderFlag(flags.provider, "--provider", command);
    const stdin = io.stdin ?? process.stdin;
    let text = prompt;
    if (text === undefined) {
      if (stdin.isTTY) throw new UsageError("No prompt: give it as PROMPT, or pipe it on stdin.", usage);
      text = await readAll(stdin);
    }
    if (text.trim() === "")
      throw new UsageError(`${prompt === undefined ? "The prompt on stdin" : "PROMPT"} must not be empty.`, usage);
    const nugen = clientFor(command, io);
    const body: CompletionRequest = {
      model,
      prompt: text,
      ...(flags.maxTokens !== undefined ? { max_tokens: flags.maxTokens } : {}),
      ...(flags.temperature !== undefined ? { temperature: flags.temperature } : {}),
    };
    const options = flags.provider !== undefined ? { provider: flags.provider } : {};
    const terms = { flags: { model: "MODEL", prompt: "PROMPT", max_tokens: "--max-tokens" } };
    const json = Boolean(flags.json);
    try {
      const end = await showAnswer(
        io,
        { stream: flags.stream, json, interrupts: processInterrupts },
        {
          stream: (signal) =>
            callInference(command, terms, model, () =>
              nugen.completions.create({ ...body, stream: true }, { ...options, signal }),
            ),
          whole: (signal) =>
            callInference(command, terms, model, () =>
              nugen.completions.create({ ...body, stream: false }, { ...options, signal }),
            ),
          piece: (chunk: CompletionChunk) => ({
            text: chunk.choices[0]?.text ?? "",
            finishReason: chunk.choices[0]?.finish_reason,
          }),
          facts: (whole: Completion) => ({
            text: whole.choices[0]?.text ?? "",
            finishReason: whole.choices[0]?.finish_reason,
            confidence: (whole as { confidence_score?: number | null }).confidence_score,
            timing: (whole as { timing?: Record<string, unknown> | null }).timing,
          }),
        },
      );
      if (end.ended === "interrupted")
        return reportAnswerFailure(io, command, new Interrupted("Stopped: the completion above is incomplete."), {
          json,
          model,
        });
      return EXIT.ok;
    } catch (error) {
      return reportAnswerFailure(io, command, error, { json, model });
    }
  });
}

function registerEmbed(program: Command, io: IO): void {
  const embed = program
    .command("embed")
    .description("Embed texts: one vector per text")
    .argument("<model>", "an embedding model, such as nomic-embed-text-v1.5")
    .argument("<text...>", "the texts to embed, one vector each")
    .addOption(
      new Option("--dimensions <n>", "length of the vectors, for models that can shorten them").argParser(parseCount),
    )
    .option("--provider <name>", "the serving backend, sent as X-Provider");
  jsonFlag(embed, "print the API's answer unchanged (every vector whole), as JSON");
  embed.addHelpText(
    "after",
    '\nExamples:\n  $ nugen embed nomic-embed-text-v1.5 "Returns are free within 30 days." "How do I send my bike back?"\n  $ nugen embed nomic-embed-text-v1.5 "Returns are free within 30 days." --dimensions 256 --json | jq -c ".data[0].embedding"',
  );
  onRun(
    embed,
    async (
      model: string,
      texts: string[],
      flags: { dimensions?: number; provider?: string; json?: boolean },
      command: Command,
    ) => {
      checkHeaderFlag(flags.provider, "--provider", command);
      const nugen = clientFor(command, io);
      const body: EmbeddingsRequest = {
        model,
        input: texts,
        ...(flags.dimensions !== undefined ? { dimensions: flags.dimensions } : {}),
      };
      const terms = { flags: { model: "MODEL", input: "TEXT" } };
      const answer = await callInference(command, terms, model, () =>
        nugen.embeddings.create(body, flags.provider !== undefined ? { provider: flags.provider } : {}),
      );
      if (flags.json) return writeJson(io, answer);
      writeLine(
        io.stdout,
        renderTable(embeddingRows(answer, texts), EMBEDDING_COLUMNS, colorsFor(io.stdout, io.env), widthOf(io.stdout)),
      );
    },
  );
}

interface EmbeddingRow {
  number: number;
  vector: number[] | undefined;
  text: string;
}

function embeddingRows(answer: EmbeddingList, texts: string[]): EmbeddingRow[] {
  // In input order, whatever order the items came in.
  const items = [...answer.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return items.map((item, position) => {
    const index = item.index ?? position;
    return {
      number: index + 1,
      vector: Array.isArray(item.embedding) ? (item.embedding as number[]) : undefined,
      text: texts[index] ?? "",
    };
  });
}

const EMBEDDING_COLUMNS: Column<EmbeddingRow>[] = [
  { header: "#", value: (row) => String(row.number), keep: true },
  { header: "DIMENSIONS", value: (row) => (row.vector ? String(row.vector.length) : "-"), keep: true },
  {
    header: "FIRST VALUES",
    value: (row) =>
      row.vector
        ? `[${row.vector
            .slice(0, VALUES_SHOWN)
            .map((value) => value.toFixed(4))
            .join(", ")}${row.vector.length > VALUES_SHOWN ? ", …" : ""}]`
        : "-",
    keep: true,
  },
  { header: "TEXT", value: (row) => oneLine(row.text) },
];

function registerRerank(program: Command, io: IO): void {
  const rerank = program
    .command("rerank")
    .description("Rank documents by relevance to a query, best first")
    .argument("<model>", "the model that scores the documents, such as nomic-embed-text-v1.5")
    .argument("<document...>", "the documents to rank")
    .requiredOption("--query <text>", "what the documents are ranked against")
    .addOption(new Option("--top-n <n>", "show only the best N").argParser(parseCount))
    .addOption(
      new Option(
        "--method <method>",
        "how thoroughly to rank; standard and optimal add a cross-encoder stage (--cross-model)",
      ).choices(RERANK_METHODS),
    )
    .option("--cross-model <model>", "the cross-encoder of the second stage, such as BAAI/bge-reranker-v2-m3")
    .option("--provider <name>", "the serving backend, sent as X-Provider");
  jsonFlag(rerank, "print the API's answer unchanged, as JSON");
  rerank.addHelpText(
    "after",
    '\nExamples:\n  $ nugen rerank nomic-embed-text-v1.5 --query "battery warranty" "Frame: 5 years." "Battery: 2 years or 800 cycles."\n  $ nugen rerank nomic-embed-text-v1.5 --method standard --cross-model BAAI/bge-reranker-v2-m3 --query "battery warranty" "Frame: 5 years." "Battery: 2 years."',
  );
  onRun(
    rerank,
    async (
      model: string,
      documents: string[],
      flags: {
        query: string;
        topN?: number;
        method?: (typeof RERANK_METHODS)[number];
        crossModel?: string;
        provider?: string;
        json?: boolean;
      },
      command: Command,
    ) => {
      checkHeaderFlag(flags.provider, "--provider", command);
      const nugen = clientFor(command, io);
      const body: RerankRequest = {
        model,
        query: flags.query,
        documents,
        ...(flags.topN !== undefined ? { top_n: flags.topN } : {}),
        ...(flags.method !== undefined ? { method: flags.method } : {}),
        ...(flags.crossModel !== undefined ? { model_cross: flags.crossModel } : {}),
      };
      const terms = { flags: { model: "MODEL", documents: "DOCUMENT", model_cross: "--cross-model" } };
      const answer = await callInference(command, terms, model, () =>
        nugen.rerank.create(body, flags.provider !== undefined ? { provider: flags.provider } : {}),
      );
      if (flags.json) return writeJson(io, answer);
      writeLine(
        io.stdout,
        renderTable(rankingRows(answer, documents), RANKING_COLUMNS, colorsFor(io.stdout, io.env), widthOf(io.stdout)),
      );
    },
  );
}

interface RankingRow {
  rank: number;
  score: number;
  /** 1-based, as given on the command line. */
  number: number;
  text: string;
}

function rankingRows(answer: RerankResponse, documents: string[]): RankingRow[] {
  // Best first, whatever order the results came in.
  const results = [...answer.results].sort((a, b) => b.relevance_score - a.relevance_score);
  return results.map((result, position) => ({
    rank: position + 1,
    score: result.relevance_score,
    number: result.index + 1,
    text: documents[result.index] ?? "",
  }));
}

const RANKING_COLUMNS: Column<RankingRow>[] = [
  { header: "RANK", value: (row) => String(row.rank), keep: true },
  { header: "SCORE", value: (row) => row.score.toFixed(3), keep: true },
  { header: "DOCUMENT", value: (row) => `#${row.number}`, keep: true },
  { header: "TEXT", value: (row) => oneLine(row.text) },
];

/** A text on one table line: newlines and runs of spaces as one space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
