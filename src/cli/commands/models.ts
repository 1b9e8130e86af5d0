import type { Command } from "commander";
import { type DomainAlignedModel, parseTimestamp } from "../../index.js";
import { clientFor } from "../client.js";
import { type IO, colorsFor, writeLine } from "../io.js";
import { type Column, renderTable, statusColor } from "../table.js";

export function registerModels(program: Command, io: IO): void {
  const models = program.command("models").description("Domain-aligned models");
  models
    .command("list")
    .description("List your domain-aligned models")
    .option("--json", "print the API's list unchanged, as JSON")
    .addHelpText("after", "\nExamples:\n  $ nugen models list\n  $ nugen models list --json | jq -r '.[] | select(.status == \"DEPLOYED\") | .id'")
    .action(async (options: { json?: boolean }, command: Command) => {
      const list = await clientFor(command, io).models.listAligned();
      if (options.json) return writeLine(io.stdout, JSON.stringify(list, null, 2));
      if (list.length === 0) return writeLine(io.stdout, "No aligned models yet. Create one with `nugen projects create`.");
      const colors = colorsFor(io.stdout, io.env);
      const columns: Column<DomainAlignedModel>[] = [
        { header: "ID", value: (m) => m.id },
        { header: "NAME", value: (m) => m.name },
        { header: "BASE MODEL", value: (m) => m.base_model },
        { header: "STATUS", value: (m) => m.status, color: (text, m) => statusColor(colors, m.status)(text) },
        { header: "DEPLOYMENT", value: (m) => m.deployment_status ?? "-", color: (text, m) => statusColor(colors, m.deployment_status)(text) },
        { header: "ACCURACY", value: (m) => (typeof m.performance_metrics?.accuracy === "number" ? m.performance_metrics.accuracy.toFixed(2) : "-") },
        { header: "LAST USED", value: (m) => formatDate(m.last_used) },
      ];
      writeLine(io.stdout, renderTable(list, columns, colors, io.stdout.isTTY ? io.stdout.columns : undefined));
    });
}

function formatDate(value: string | null | undefined): string {
  const date = parseTimestamp(value);
  return date ? date.toISOString().slice(0, 16).replace("T", " ") : "never";
}
