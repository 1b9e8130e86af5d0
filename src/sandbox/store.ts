/** The sandbox's state: projects in memory, optionally persisted to a JSON file written atomically. */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { ProjectRecord } from "./lifecycle.js";

interface Persisted {
  version: 1;
  projects: ProjectRecord[];
}

export class Store {
  private readonly projects = new Map<string, ProjectRecord>();

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, "utf8")) as Persisted;
      for (const project of saved.projects ?? []) this.projects.set(project.id, project);
    }
  }

  get(id: string): ProjectRecord | undefined {
    return this.projects.get(id);
  }

  all(): ProjectRecord[] {
    return [...this.projects.values()];
  }

  add(project: ProjectRecord): void {
    this.projects.set(project.id, project);
    this.save();
  }

  /** Write to a temporary file, then rename: a crash mid-write never leaves half a file. */
  private save(): void {
    if (!this.file) return;
    const data: Persisted = { version: 1, projects: this.all() };
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(data, null, 2));
    renameSync(temporary, this.file);
  }
}
