/**
 * The README's table of the sandbox's timings, limits and faults, made from SANDBOX_SETTINGS
 * (src/sandbox/settings.ts). `npx tsx scripts/sandbox-settings.ts` writes it into README.md
 * between its markers; test/sandbox-settings.test.ts checks that what is there is this.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SANDBOX_SETTINGS, type Setting, settingNames, shownDefault } from "../src/sandbox/settings.js";

export const TABLE_START =
  "<!-- sandbox-settings: made from src/sandbox/settings.ts by scripts/sandbox-settings.ts -->";
export const TABLE_END = "<!-- /sandbox-settings -->";
const README = fileURLToPath(new URL("../README.md", import.meta.url));

/** A cell's text, with the pipes a table cell cannot hold escaped. */
const cell = (text: string) => text.replace(/\|/g, "\\|");

export function settingsTable(): string {
  const rows = settingNames.map((name) => {
    const setting: Setting = SANDBOX_SETTINGS[name];
    const header = setting.header ? `\`${setting.header}\`` : "—";
    return `| \`${name}\` | \`${setting.flag}\` | ${header} | ${cell(shownDefault(setting))} | ${cell(setting.description)} |`;
  });
  return [
    TABLE_START,
    "| option | `nugen sandbox` flag | header, for one request | default | what it does |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    TABLE_END,
  ].join("\n");
}

/** The README's table as it stands, markers included; undefined when it has none. */
export function readmeTable(readme: string): string | undefined {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END, start);
  return start < 0 || end < 0 ? undefined : readme.slice(start, end + TABLE_END.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readme = readFileSync(README, "utf8");
  const current = readmeTable(readme);
  if (current === undefined)
    throw new Error(`README.md has no ${TABLE_START} ... ${TABLE_END} markers to write the table between.`);
  writeFileSync(README, readme.replace(current, settingsTable()));
  console.log("README.md: the sandbox settings table is up to date.");
}
