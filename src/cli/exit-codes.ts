import { CommanderError } from "commander";
import {
  APIConnectionError,
  AlignmentFailedError,
  AuthenticationError,
  NugenError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
} from "../index.js";
import { type IO, colorsFor, writeLine } from "./io.js";

export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3, alignmentFailed: 4, interrupted: 130 } as const;

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

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof UsageError || error instanceof RequestValidationError) return EXIT.usage;
  if (error instanceof MissingKeyError || error instanceof AuthenticationError || error instanceof PermissionDeniedError) return EXIT.auth;
  if (error instanceof AlignmentFailedError) return EXIT.alignmentFailed;
  return EXIT.failure;
}

function hintFor(error: unknown, baseUrl: string | undefined): string | undefined {
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return "Check NUGEN_API_KEY (keys are created in the Nugen platform under API Keys).";
  }
  // The SDK's message already names the URL it could not reach, and why.
  if (error instanceof APIConnectionError) return "Check --base-url (or NUGEN_BASE_URL) and the network.";
  if (error instanceof RateLimitError) return "Too many requests; wait a moment and try again.";
  if (error instanceof AlignmentFailedError) return "See the reason above; fix the documents or settings and create a new project.";
  return undefined;
}

/** One clear line on stderr (a second with what to do); the stack only with --verbose. */
export function reportError(error: unknown, io: IO, options: { verbose: boolean; baseUrl?: string }): number {
  const code = exitCodeFor(error);
  if (error instanceof CommanderError) return code; // commander has already said it
  const colors = colorsFor(io.stderr, io.env);
  const message = error instanceof Error ? error.message : String(error);
  writeLine(io.stderr, `${colors.red("nugen:")} ${message}`);
  const hint = hintFor(error, options.baseUrl);
  if (hint) writeLine(io.stderr, colors.dim(hint));
  if (error instanceof UsageError && error.usage) writeLine(io.stderr, `\n${error.usage}`);
  if (options.verbose && error instanceof Error && error.stack) writeLine(io.stderr, colors.dim(error.stack));
  if (!(error instanceof NugenError) && !(error instanceof UsageError) && !(error instanceof MissingKeyError) && !options.verbose) {
    writeLine(io.stderr, colors.dim("Run again with --verbose for details."));
  }
  return code;
}
