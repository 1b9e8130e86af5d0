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
    this.blobs = file ? diskBlobs(`${file}.files`) : memoryBlobs();
    if (file && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, "utf8")) as Persisted;
      if (saved.version > VERSION) throw new Error(`${file} was written by a newer sandbox (version ${saved.version}); this one reads up to version ${VERSION}.`);
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
