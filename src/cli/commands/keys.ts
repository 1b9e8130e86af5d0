/** `nugen keys list`: the account's API keys, each masked to its last four characters unless --show-keys. */
import type { Command } from "commander";
import type { ApiKey } from "../../index.js";
import { onRun } from "../action.js";
import { callApi } from "../api-call.js";
import { clientFor } from "../client.js";
import { jsonFlag } from "../common-flags.js";
import { formatDate } from "../format.js";
import { colorsFor, type IO, widthOf, writeJson, writeLine } from "../io.js";
import { type Column, renderTable } from "../table.js";

const SHOWN = 4;

/** `****1234`: enough to tell keys apart, not to use one. */
export function maskedKey(key: unknown): string {
  if (typeof key !== "string" || key === "") return "-";
  return `****${key.length > SHOWN * 2 ? key.slice(-SHOWN) : ""}`;
}

export function registerKeys(program: Command, io: IO): void {
  const keys = program.command("keys").description("The account's API keys");

  const list = keys
    .command("list")
    .description("List the account's API keys with their use and status (each key masked to its last four characters)")
    .option("--show-keys", "show the keys whole (they are secrets: mind who sees the screen or the output)");
  jsonFlag(list, "print the list as JSON, keys masked unless --show-keys").addHelpText(
    "after",
    "\nExamples:\n  $ nugen keys list\n  $ nugen keys list --json | jq -r '.[] | select(.lastUsed == null) | .name'",
  );
  onRun(list, async (flags: { showKeys?: boolean; json?: boolean }, command: Command) => {
    const answer = await callApi(command, {}, () => clientFor(command, io).apiKeys.list());
    const rows = flags.showKeys ? answer : answer.map((entry) => ({ ...entry, key: maskedKey(entry.key) }));
    if (flags.json) return writeJson(io, rows);
    if (rows.length === 0) return writeLine(io.stdout, "No API keys. Create one in the Nugen platform under API Keys.");
    const colors = colorsFor(io.stdout, io.env);
    const columns: Column<ApiKey>[] = [
      { header: "ID", value: (entry) => entry.id ?? "-", keep: true },
      { header: "NAME", value: (entry) => entry.name ?? "-" },
      { header: "KEY", value: (entry) => entry.key ?? "-", keep: Boolean(flags.showKeys) },
      {
        header: "STATUS",
        value: (entry) => entry.status ?? "-",
        color: (text, entry) =>
          String(entry.status).toLowerCase() === "active" ? colors.green(text) : colors.dim(text),
      },
      {
        header: "USAGE",
        value: (entry) =>
          entry.usage === undefined || entry.usage === null
            ? "-"
            : typeof entry.usage === "object"
              ? JSON.stringify(entry.usage)
              : String(entry.usage),
      },
      { header: "CREATED", value: (entry) => formatDate(entry.createdAt) },
      { header: "LAST USED", value: (entry) => formatDate(entry.lastUsed, "never") },
    ];
    return writeLine(io.stdout, renderTable(rows, columns, colors, widthOf(io.stdout)));
  });
}
