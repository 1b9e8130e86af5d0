/**
 * The sandbox's state: what happened and when (uploads, creations, deploy requests), in
 * memory and optionally in a JSON file written atomically. Statuses are derived from these
 * records at read time, never stored. Uploaded bytes live beside the file (see blobs.ts).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { type Blobs, diskBlobs, memoryBlobs } from "./blobs.js";
import type { AgentRecord } from "./lifecycle/agents.js";
import type { EngineRecord, ThreadRecord } from "./lifecycle/answer-engines.js";
import type { ApiKeyRecord } from "./lifecycle/api-keys.js";
import type { BenchmarkRecord } from "./lifecycle/benchmarks.js";
import type { DeploymentRecord } from "./lifecycle/deployments.js";
import type { DocumentRecord } from "./lifecycle/documents.js";
import type { EvaluationRecord } from "./lifecycle/evaluations.js";
import type { ProjectRecord } from "./lifecycle/projects.js";

/**
 * Version 1 held projects only; version 2 added the other tables; version 3 added the
 * 2026-09 generation's fields (a project's `model_...` id, an evaluation's answers, ...),
 * which an older sandbox would misread; version 4 added agents, answer engines, their
 * threads and the keys seen. Older files are read as they are.
 */
interface Persisted {
  version: 1 | 2 | 3 | 4;
  projects: ProjectRecord[];
  documents?: DocumentRecord[];
  benchmarks?: BenchmarkRecord[];
  deployments?: DeploymentRecord[];
  evaluations?: EvaluationRecord[];
  agents?: AgentRecord[];
  answerEngines?: EngineRecord[];
  threads?: ThreadRecord[];
  apiKeys?: ApiKeyRecord[];
}

const VERSION = 4;
const TABLES = [
  "projects",
  "documents",
  "benchmarks",
  "deployments",
  "evaluations",
  "agents",
  "answerEngines",
  "threads",
  "apiKeys",
] as const;

/** A data file the sandbox cannot start from; the message names it and says what to do. */
export class DataFileError extends Error {
  override readonly name = "DataFileError";
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly advice = "move it away or delete it to start empty, or keep the state in another file",
  ) {
    super(`Cannot start from ${file}: it ${reason}; ${advice}.`);
  }
}

/** The saved state in `file`; nothing when the file is empty (made with touch). Never half-read: a file that is not the sandbox's is refused, untouched. */
function readSaved(file: string): Persisted | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new DataFileError(
      file,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      "check its permissions, or keep the state in another file",
    );
  }
  if (text.trim() === "") return undefined;
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(file, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const record = saved as Record<string, unknown> | null;
  const isTable = (records: unknown) =>
    records === undefined || (Array.isArray(records) && records.every((item) => typeof item?.id === "string"));
  if (
    typeof record !== "object" ||
    record === null ||
    Array.isArray(record) ||
    !Number.isInteger(record.version) ||
    !Array.isArray(record.projects) ||
    !TABLES.every((name) => isTable(record[name]))
  ) {
    throw new DataFileError(file, "holds no sandbox state (an object with a version and lists of records with ids)");
  }
  if ((record.version as number) > VERSION) {
    throw new DataFileError(
      file,
      `was written by a newer sandbox (version ${record.version}); this one reads up to version ${VERSION}`,
      "run the newer sandbox, or keep this one's state in another file",
    );
  }
  return record as unknown as Persisted;
}

/** Records of one kind by id; every change is saved. */
export class Table<T extends { id: string }> {
  private readonly records = new Map<string, T>();

  constructor(private readonly changed: () => void) {}

  get(id: string): T | undefined {
    return this.records.get(id);
  }

  all(): T[] {
    return [...this.records.values()];
  }

  find(test: (record: T) => boolean): T | undefined {
    for (const record of this.records.values()) if (test(record)) return record;
    return undefined;
  }

  put(record: T): void {
    this.records.set(record.id, record);
    this.changed();
  }

  delete(id: string): boolean {
    const deleted = this.records.delete(id);
    if (deleted) this.changed();
    return deleted;
  }

  load(records: T[] | undefined): void {
    for (const record of records ?? []) this.records.set(record.id, record);
  }
}

export class Store {
  readonly projects = new Table<ProjectRecord>(() => this.save());
  readonly documents = new Table<DocumentRecord>(() => this.save());
  readonly benchmarks = new Table<BenchmarkRecord>(() => this.save());
  readonly deployments = new Table<DeploymentRecord>(() => this.save());
  readonly evaluations = new Table<EvaluationRecord>(() => this.save());
  readonly agents = new Table<AgentRecord>(() => this.save());
  readonly answerEngines = new Table<EngineRecord>(() => this.save());
  readonly threads = new Table<ThreadRecord>(() => this.save());
  readonly apiKeys = new Table<ApiKeyRecord>(() => this.save());
  /** Uploaded bytes: `<data file>.files/` beside a data file, else memory. */
  readonly blobs: Blobs;

  constructor(private readonly file?: string) {
    // Read first: a file refused leaves its uploads' directory untouched too.
    const saved = file && existsSync(file) ? readSaved(file) : undefined;
    this.blobs = file ? diskBlobs(`${file}.files`) : memoryBlobs();
    if (saved) {
      this.projects.load(saved.projects);
      this.documents.load(saved.documents);
      this.benchmarks.load(saved.benchmarks);
      this.deployments.load(saved.deployments);
      this.evaluations.load(saved.evaluations);
      this.agents.load(saved.agents);
      this.answerEngines.load(saved.answerEngines);
      this.threads.load(saved.threads);
      this.apiKeys.load(saved.apiKeys);
    }
  }

  /** Write to a temporary file, then rename: a crash mid-write never leaves half a file. */
  private save(): void {
    if (!this.file) return;
    const data: Persisted = {
      version: VERSION,
      projects: this.projects.all(),
      documents: this.documents.all(),
      benchmarks: this.benchmarks.all(),
      deployments: this.deployments.all(),
      evaluations: this.evaluations.all(),
      agents: this.agents.all(),
      answerEngines: this.answerEngines.all(),
      threads: this.threads.all(),
      apiKeys: this.apiKeys.all(),
    };
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(data, null, 2));
    renameSync(temporary, this.file);
  }
}
