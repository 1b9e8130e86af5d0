/**
 * A signal that aborts when any of its sources does, held by strong listeners. Node 20's
 * `AbortSignal.any()` holds its sources weakly: once the combined signal is only referenced
 * by them, a garbage collection can drop it and its abort never arrives.
 */
export function linkedSignal(...sources: (AbortSignal | undefined)[]): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const watched = sources.filter((source): source is AbortSignal => source !== undefined);
  const onAbort = () => {
    const aborted = watched.find((source) => source.aborted);
    release();
    controller.abort(aborted?.reason);
  };
  const release = () => {
    for (const source of watched) source.removeEventListener("abort", onAbort);
  };
  if (watched.some((source) => source.aborted)) onAbort();
  else for (const source of watched) source.addEventListener("abort", onAbort, { once: true });
  return { signal: controller.signal, release };
}
