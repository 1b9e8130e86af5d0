/** What `nugen` exits with; the README lists them beside each other. */
export const EXIT = {
  ok: 0,
  /** The API or the network failed. */
  failure: 1,
  /** The command was called wrong (a flag, an argument, a file). */
  usage: 2,
  /** No key, or the key was refused. */
  auth: 3,
  /** The job ended FAILED (a document, benchmark, alignment, deployment or evaluation). */
  jobFailed: 4,
  /** The wait's deadline passed; the job goes on. */
  waitTimedOut: 5,
  /** Ctrl-C stopped the wait; the job goes on. */
  interrupted: 130,
} as const;
