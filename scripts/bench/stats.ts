/** Small statistics and reporting helpers shared by the benchmarks. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export interface Budget {
  name: string;
  figure: number;
  unit: string;
  limit: number;
  /** "max": the figure must not exceed the limit; "min": it must reach it. */
  kind: "max" | "min";
  detail?: string;
  /** Not measured yet: what it needs is still being built (a sandbox route, say). */
  pending?: boolean;
}

export const passes = (budget: Budget) =>
  !budget.pending && (budget.kind === "max" ? budget.figure <= budget.limit : budget.figure >= budget.limit);

export const verdict = (budget: Budget) => (budget.pending ? "PENDING" : passes(budget) ? "PASS" : "FAIL");

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Runs `work` for each contestant in interleaved rounds (order rotated), returns per-round means. */
export async function interleaved<K extends string>(
  contestants: Record<K, () => Promise<unknown>>,
  { rounds, perRound }: { rounds: number; perRound: number },
): Promise<Record<K, number[]>> {
  const names = Object.keys(contestants) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length] as K);
    for (const name of order) {
      const started = performance.now();
      for (let i = 0; i < perRound; i++) await contestants[name]();
      samples[name].push(((performance.now() - started) * 1000) / perRound);
    }
  }
  return samples;
}
