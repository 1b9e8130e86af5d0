import { vi } from "vitest";

/**
 * Settles a promise while a fake clock runs: real I/O (the local server) gets a turn of the
 * event loop between each step of fake time, so retry sleeps of seconds take milliseconds.
 */
export async function settleOnFakeClock<T>(promise: Promise<T>, stepMs = 100): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  watched.catch(() => {});
  while (!settled) {
    await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(stepMs);
  }
  return watched;
}
