/** How a failure is told: one sentence on stderr and what to do next, its exit code, and its `--json` form. */
import { CommanderError } from "commander";
import {
  AlignmentFailedError,
  APIConnectionError,
  APIError,
  AuthenticationError,
  GenerationDetectionError,
  JobFailedError,
  NugenError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
  WaitTimeoutError,
} from "../index.js";
import { Interrupted, MissingKeyError, UsageError } from "./errors.js";
import { EXIT } from "./exit-codes.js";
import { colorsFor, type IO, writeLine } from "./io.js";

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof UsageError || error instanceof RequestValidationError) return EXIT.usage;
  if (
    error instanceof MissingKeyError ||
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError
  )
    return EXIT.auth;
  if (error instanceof JobFailedError) return EXIT.jobFailed;
  if (error instanceof WaitTimeoutError) return EXIT.waitTimedOut;
  if (error instanceof Interrupted) return EXIT.interrupted;
  return EXIT.failure;
}

/** What to do next, attached to an error by the command that knows (`nugen models deploy ID --wait`). */
const attachedHints = new WeakMap<object, string>();

/** Attaches what to do next to an error, for reportError and errorJson to say; returns the error. */
export function withHint<E>(error: E, hint: string | undefined): E {
  if (hint && error !== null && typeof error === "object") attachedHints.set(error, hint);
  return error;
}

function hintFor(error: unknown): string | undefined {
  const attached = error !== null && typeof error === "object" ? attachedHints.get(error) : undefined;
  if (attached) return attached;
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return "Check NUGEN_API_KEY (keys are created in the Nugen platform under API Keys).";
  }
  // The SDK's message already names the URL it could not reach, and why.
  if (error instanceof APIConnectionError) return "Check --base-url (or NUGEN_BASE_URL) and the network.";
  if (error instanceof RateLimitError) return "Too many requests; wait a moment and try again.";
  if (error instanceof GenerationDetectionError) return CLI_PIN_ADVICE;
  if (error instanceof AlignmentFailedError)
    return "See the reason above; fix the documents or settings and create a new project.";
  return undefined;
}

/** The SDK's advice after a failed detection names its option; the CLI's names its flag. */
const SDK_PIN_ADVICE = / Pin one with `new Nugen\(.*$/s;
const CLI_PIN_ADVICE = "Pin one with --api-generation 2026-09 (or 2026-07), or NUGEN_API_GENERATION.";

/** An error's message in the command line's terms. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof GenerationDetectionError ? message.replace(SDK_PIN_ADVICE, "") : message;
}

/** A sentence as the CLI prints it: ending with a full stop (server reasons often have none). */
export function asSentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** What a failure looks like in `--json` output: the message, the exit code, and what the SDK knew. */
export function errorJson(error: unknown): Record<string, unknown> {
  // Commander's own usage errors read "error: ..." and are named after commander.
  const commander = error instanceof CommanderError;
  const message = asSentence(messageOf(error).replace(/^error: /, ""));
  return {
    type: commander ? "UsageError" : error instanceof Error ? error.name : "Error",
    message,
    exit_code: exitCodeFor(error),
    ...(error instanceof APIError ? { status: error.status, request_id: error.requestId } : {}),
    ...(error instanceof JobFailedError ? { reason: error.reason ?? null } : {}),
    ...(error instanceof NugenError && error.mayHaveTakenEffect ? { may_have_taken_effect: true } : {}),
    ...(error !== null && typeof error === "object" && attachedHints.has(error)
      ? { hint: attachedHints.get(error) }
      : {}),
    // What to do instead is part of what a script needs here: the message no longer says it.
    ...(error instanceof GenerationDetectionError ? { hint: CLI_PIN_ADVICE } : {}),
  };
}

export interface ReportOptions {
  verbose: boolean;
  /** What to do next, when the caller knows better than the error (a CLI command to run). */
  hint?: string;
}

/** One clear line on stderr (a second with what to do); the stack only with --verbose. */
export function reportError(error: unknown, io: IO, options: ReportOptions): number {
  const code = exitCodeFor(error);
  if (error instanceof CommanderError) return code; // commander has already said it
  const colors = colorsFor(io.stderr, io.env);
  writeLine(io.stderr, `${colors.red("nugen:")} ${asSentence(messageOf(error))}`);
  const hint = options.hint ?? hintFor(error);
  if (hint) writeLine(io.stderr, colors.dim(hint));
  if (error instanceof UsageError && error.usage) writeLine(io.stderr, `\n${error.usage}`);
  if (options.verbose && error instanceof Error && error.stack) writeLine(io.stderr, colors.dim(error.stack));
  if (
    !(error instanceof NugenError) &&
    !(error instanceof UsageError) &&
    !(error instanceof MissingKeyError) &&
    !(error instanceof Interrupted) &&
    !options.verbose
  ) {
    writeLine(io.stderr, colors.dim("Run again with --verbose for details."));
  }
  return code;
}
