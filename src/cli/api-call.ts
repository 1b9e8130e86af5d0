/**
 * SDK calls in the command line's terms: an input error names the flag the user typed, not
 * the body field, and a create that may have taken effect says which `nugen` command shows
 * whether it did, not which SDK method.
 */
import type { Command } from "commander";
import { operations } from "../../generated/operations.js";
import { NugenError, RequestValidationError } from "../index.js";
import { UsageError } from "./errors.js";

/**
 * A body field's name in the older generation, by its newer name (`alignment_name` → `name`):
 * the flags are named after the older ones, and the SDK validates a body under the names of
 * the generation the server speaks. The spec says the renames (`x-nugen-renamed-from`).
 */
const OLDER_NAMES: Record<string, string> = Object.assign(
  {},
  ...Object.values(operations).map((operation) => ("renamedFrom" in operation ? operation.renamedFrom : {})),
);

export interface CallTerms {
  /** Fields whose flag is not simply the field's name with dashes (`document_ids` → `--document`). */
  flags?: Record<string, string>;
  /** Said instead of the SDK's advice when the call may have taken effect, such as "The project may have been created all the same: check `nugen models list` before creating it again." */
  ifItMayHaveTakenEffect?: string;
}

export async function callApi<T>(command: Command, terms: CallTerms, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RequestValidationError) {
      const problems = error.issues.map((issue) => `${flagFor(command, terms, issue.field)} ${issue.message}`);
      throw new UsageError(`Invalid input: ${problems.join("; ")}.`, command.helpInformation());
    }
    if (error instanceof NugenError && error.mayHaveTakenEffect && terms.ifItMayHaveTakenEffect) {
      // The SDK appends its advice (`checkHint`, naming an SDK method) to the message: the
      // CLI's names the `nugen` command instead.
      const hint = error.checkHint;
      const reason = hint && error.message.endsWith(hint) ? error.message.slice(0, -hint.length) : error.message;
      error.message = `${reason.replace(/[.\s]*$/, "")}. ${terms.ifItMayHaveTakenEffect}`;
    }
    throw error;
  }
}

/** `body.document_ids[1]` → `--document` (as mapped), `body.base_model` (or `base_model_id`) → `--base-model`, `id` → `ID`. */
function flagFor(command: Command, terms: CallTerms, field: string): string {
  const inBody = field.startsWith("body.");
  const given = field.replace(/\[\d+\]$/, "").replace(/^body\./, "");
  const names = inBody && OLDER_NAMES[given] ? [given, OLDER_NAMES[given]] : [given];
  for (const name of names) {
    const mapped = terms.flags?.[name];
    if (mapped) return mapped;
    const flag = `--${name.replace(/_/g, "-")}`;
    if (command.options.some((option) => option.long === flag)) return flag;
  }
  // A path parameter is the command's argument (`nugen projects status ID`).
  const argument = command.registeredArguments[0];
  if (argument && !inBody) return argument.name().toUpperCase();
  return field;
}
