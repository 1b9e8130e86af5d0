// The command line's own failures, beside the SDK's.

/** A mistake in how the command was called, reported like commander's own: with the usage. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** Missing or refused credentials. */
export class MissingKeyError extends Error {}

/** Ctrl-C ended a wait; the job itself goes on. */
export class Interrupted extends Error {
  override readonly name: string = "Interrupted";
}
