import { APIUserAbortError } from "./errors.js";

/** Waits `ms`; any of the signals cuts the wait short with an APIUserAbortError. */
export function sleep(ms: number, ...signals: (AbortSignal | undefined)[]): Promise<void> {
  const watched = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  return new Promise((resolve, reject) => {
    const aborted = watched.find((signal) => signal.aborted);
    if (aborted) return reject(new APIUserAbortError(undefined, { cause: aborted.reason }));
    const release = () => {
      for (const signal of watched) signal.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      clearTimeout(timer);
      release();
      reject(new APIUserAbortError(undefined, { cause: watched.find((signal) => signal.aborted)?.reason }));
    };
    const timer = setTimeout(() => {
      release();
      resolve();
    }, ms);
    for (const signal of watched) signal.addEventListener("abort", onAbort, { once: true });
  });
}
