/**
 * A preload (`node --import`, through NODE_OPTIONS so that it reaches every node process a
 * command starts) that runs the process's clock FAST_CLOCK_FACTOR times faster: Date.now
 * moves that many ms per real ms, and setTimeout and setInterval wait that much less. A
 * program that times itself (the demo's sandbox jobs, its polls, the pace of a streamed
 * answer) then runs as it always does, in seconds of its own, and ends that many times sooner.
 * Plain JavaScript, so it loads before any TypeScript loader.
 */
const factor = Number(process.env.FAST_CLOCK_FACTOR);

if (factor > 1) {
  const realNow = Date.now;
  const start = realNow();
  Date.now = () => Math.floor(start + (realNow() - start) * factor);
  for (const name of ["setTimeout", "setInterval"]) {
    const real = globalThis[name];
    const faster = (callback, ms, ...args) => real(callback, (Number(ms) || 0) / factor, ...args);
    // util.promisify(setTimeout) and the like keep working.
    Object.defineProperties(faster, Object.getOwnPropertyDescriptors(real));
    globalThis[name] = faster;
  }
}
