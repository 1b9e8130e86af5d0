import { APIPromise } from "../core/api-promise.js";
import { RequestValidationError } from "../core/errors.js";
import type { ApiGeneration } from "../core/generation.js";
import { ambiguityAdvice, jobs } from "../core/jobs.js";
import type { RequestOptions } from "../core/options.js";
import { describedJob, pollUntilDone, type WaitOptions } from "../core/poll.js";
import { type CallSettings, UnexpectedAnswer } from "../core/request.js";
import type { ClientContext } from "../core/resource.js";
import { toFile, type Uploadable } from "../core/uploads.js";
import type {
  Benchmark,
  BenchmarkData,
  BenchmarkList,
  BenchmarkStatusResponse,
  CreateBenchmarkRequest,
  CreatedBenchmark,
} from "../types.js";
import { type AndWaitOptions, idOf, splitAndWait, withId } from "./shared.js";

const CREATE_AMBIGUITY_HINT = ambiguityAdvice("benchmark", "sdk");
/** The live API names the id `benchmark_id`; the reference, `id`. */
const ID_NAMES = ["benchmark_id"] as const;

/**
 * A question and its expected answer, for a benchmark written by hand: `{question, answer}`
 * (2026-07's names) or `{instruction, response}` (2026-09's); sent in the server's own form.
 */
export type BenchmarkQuestion = (
  | { question: string; answer: string; instruction?: never; response?: never }
  | { instruction: string; response: string; question?: never; answer?: never }
) & {
  /** Numbered from 1 in the order given when left out (`sample_num` on 2026-09). */
  question_num?: number;
  sample_num?: number;
};

export type UploadBenchmarkParams = (
  | { name: string; benchmark_name?: never }
  | { benchmark_name: string; name?: never }
) & {
  /** The id of the document the benchmark is about. */
  document_id: string;
  description?: string;
} & ({ file: Uploadable; questions?: never } | { questions: BenchmarkQuestion[]; file?: never });

export class Benchmarks {
  constructor(private readonly context: ClientContext) {}

  /** Starts generating `num_questions` questions from processed documents. Resolves to its id and status. */
  create(body: CreateBenchmarkRequest, options?: RequestOptions): APIPromise<CreatedBenchmark> {
    return this.context.request(
      "createBenchmark",
      { body },
      { ...options, ambiguityHint: CREATE_AMBIGUITY_HINT },
      (data) => withId(data as CreatedBenchmark, ID_NAMES),
    );
  }

  /**
   * Uploads a benchmark: a `file` holding a JSON array of `{question_num, question, answer}`,
   * or the `questions` themselves. Ready at once.
   */
  upload(params: UploadBenchmarkParams, options?: Omit<CallSettings, "ambiguityHint">): APIPromise<CreatedBenchmark> {
    return new APIPromise(
      (async () => {
        const { questions, file, ...fields } = params ?? ({} as UploadBenchmarkParams);
        if ((file === undefined) === (questions === undefined)) {
          throw new RequestValidationError([
            { field: "body.file", message: "or body.questions is required (exactly one of the two)" },
          ]);
        }
        let upload = file;
        if (questions !== undefined) {
          if (!Array.isArray(questions) || questions.length === 0)
            throw new RequestValidationError([{ field: "body.questions", message: "must hold at least 1 item" }]);
          const generation = await this.context.generation(options?.signal);
          upload = await toFile(JSON.stringify(questionsFile(questions, generation)), "benchmark.json", {
            type: "application/json",
          });
        }
        return this.context
          .request(
            "uploadBenchmark",
            { body: { ...fields, file: upload } },
            { ...options, ambiguityHint: CREATE_AMBIGUITY_HINT },
            (data) => withId(data as CreatedBenchmark, ID_NAMES),
          )
          .withResponse();
      })(),
    );
  }

  /** The benchmark's status (PROCESSING, READY, FAILED) and start/end times. */
  status(id: string, options?: RequestOptions): APIPromise<BenchmarkStatusResponse & { id: string }> {
    return this.context.request(jobs.benchmark.statusOperation, { path: { id } }, options, (data) =>
      withId(data as BenchmarkStatusResponse, ID_NAMES, id),
    );
  }

  /** The whole benchmark: its questions and answers (2026-09: `samples`), documents and metadata. */
  retrieve(id: string, options?: RequestOptions): APIPromise<BenchmarkData & { id: string }> {
    return this.context.request("getBenchmarkData", { path: { id } }, options, (data) =>
      withId(data as BenchmarkData, ID_NAMES, id),
    );
  }

  /** Every benchmark of the account. */
  list(options?: RequestOptions): APIPromise<BenchmarkList & { benchmarks: (Benchmark & { id?: string })[] }> {
    return this.context.request("listBenchmarks", {}, options, (data) => {
      if (!Array.isArray(data.benchmarks)) throw new UnexpectedAnswer("benchmarks to be a list");
      // `id` from whichever name the server used; an entry without any keeps none.
      return {
        ...data,
        benchmarks: data.benchmarks.map((benchmark: Benchmark) => ({ ...benchmark, ...idOf(benchmark, ID_NAMES) })),
      };
    });
  }

  /** Polls until the benchmark is READY; throws JobFailedError if it FAILED. */
  waitUntilReady(
    id: string,
    options: WaitOptions<BenchmarkStatusResponse> = {},
  ): Promise<BenchmarkStatusResponse & { id: string }> {
    return pollUntilDone(
      describedJob("benchmark", id, (options) => this.status(id, options).withResponse()),
      options,
      this.context.logger,
    );
  }

  /** Creates a benchmark and waits until it is ready. */
  async createAndWait(
    body: CreateBenchmarkRequest,
    options: AndWaitOptions<BenchmarkStatusResponse> = {},
  ): Promise<BenchmarkStatusResponse & { id: string }> {
    const { wait, request } = splitAndWait(options);
    const created = await this.create(body, request);
    return this.waitUntilReady(created.id, wait);
  }
}

/** The questions as the server's generation reads a benchmark file, numbered from 1 where not numbered. */
function questionsFile(questions: BenchmarkQuestion[], generation: ApiGeneration) {
  return questions.map((item, index) => {
    const number = item.sample_num ?? item.question_num ?? index + 1;
    const question = item.question ?? item.instruction;
    const answer = item.answer ?? item.response;
    return generation === "2026-09"
      ? { sample_num: number, instruction: question, response: answer }
      : { question_num: number, question, answer };
  });
}
