/**
 * The sandbox's timings, limits and faults are declared once (src/sandbox/settings.ts):
 * `nugen sandbox --help`, createSandboxApp()'s defaults, the headers the sandbox reads and
 * lets browsers send, and the README's table all follow that table.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { readmeTable, settingsTable } from "../scripts/sandbox-settings.js";
import { registerSandbox } from "../src/cli/commands/sandbox.js";
import type { IO } from "../src/cli/io.js";
import { createSandboxApp } from "../src/sandbox/app.js";
import { Faults } from "../src/sandbox/faults.js";
import {
  resolveSettings,
  SANDBOX_SETTINGS,
  type Setting,
  settingHeaders,
  settingNames,
  shownDefault,
} from "../src/sandbox/settings.js";

const settings = settingNames.map((name) => [name, SANDBOX_SETTINGS[name] as Setting] as const);

function sandboxHelp(): string {
  const program = new Command("nugen");
  registerSandbox(program, { stdout: process.stdout, stderr: process.stderr, env: {} } as unknown as IO);
  const command = program.commands.find((candidate) => candidate.name() === "sandbox");
  let help = "";
  command?.configureOutput({ writeOut: (text) => (help += text) });
  command?.outputHelp();
  // Commander wraps the descriptions to the terminal's width.
  return help.replace(/\s+/g, " ");
}

describe("sandbox settings, declared once", () => {
  it("the README's table is the one made from the settings (npx tsx scripts/sandbox-settings.ts writes it)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(readmeTable(readme)).toBe(settingsTable());
    for (const [name, setting] of settings) expect(settingsTable()).toContain(`| \`${name}\` | \`${setting.flag}\` |`);
  });

  it("nugen sandbox --help has a flag for each, with its description and default, and names every header", () => {
    const help = sandboxHelp();
    for (const [, setting] of settings)
      expect(help).toContain(`${setting.flag} ${setting.description} (default: ${shownDefault(setting)})`);
    for (const header of settingHeaders) expect(help).toContain(header);
  });

  it("gives createSandboxApp() its defaults, and an option given wins", () => {
    expect(createSandboxApp({ log: false }).world.timing).toEqual({
      documentMs: SANDBOX_SETTINGS.documentSeconds.default * 1000,
      benchmarkMs: SANDBOX_SETTINGS.benchmarkSeconds.default * 1000,
      jobMs: SANDBOX_SETTINGS.jobSeconds.default * 1000,
      deployMs: SANDBOX_SETTINGS.deploySeconds.default * 1000,
      undeployMs: SANDBOX_SETTINGS.undeploySeconds.default * 1000,
      evaluationMs: SANDBOX_SETTINGS.evaluationSeconds.default * 1000,
      speed: SANDBOX_SETTINGS.speed.default,
    });
    expect(createSandboxApp({ log: false, jobSeconds: 0.5, speed: 4 }).world.timing).toMatchObject({
      jobMs: 500,
      speed: 4,
    });
    // A default that follows from another setting follows the one given.
    expect(resolveSettings({ maxUploadBytes: 1000 })).toMatchObject({ maxUploadBytes: 1000, maxRequestBytes: 10_000 });
    expect(resolveSettings({})).toMatchObject({
      maxUploadBytes: 100 * 1024 * 1024,
      maxRequestBytes: 1000 * 1024 * 1024,
      tokensPerSecond: 200,
      streamCutAfter: undefined,
      agentRunQuota: undefined,
    });
  });

  it("lets browsers send every header, in a preflight", async () => {
    const { app } = createSandboxApp({ log: false });
    const preflight = await app.request("http://127.0.0.1/api/v3/models/aligned", {
      method: "OPTIONS",
      headers: {
        host: "127.0.0.1",
        origin: "http://localhost:5173",
        "access-control-request-method": "GET",
        "access-control-request-headers": settingHeaders.join(","),
      },
    });
    expect(preflight.status).toBe(204);
    const allowed = (preflight.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(settingHeaders));
  });

  it("reads a header by its setting's kind, and falls back to the sandbox's setting on one it cannot read", () => {
    const faults = new Faults(
      resolveSettings({ latencyMs: 5, streamCutAfter: 3, evaluationStatusFails: true }),
      Date.now,
      Math.random,
    );
    const read = (headers: Record<string, string>) => new Headers(headers);
    expect(faults.requested(read({ "x-sandbox-latency-ms": "250" }), "latencyMs")).toBe(250);
    for (const unreadable of ["", " ", "-1", "soon", "Infinity"])
      expect(faults.requested(read({ "x-sandbox-latency-ms": unreadable }), "latencyMs")).toBe(5);
    expect(faults.requested(read({ "x-sandbox-fail-rate": "0.5" }), "failRate")).toBe(0.5);
    expect(faults.requested(read({ "x-sandbox-stream-cut-after": " 0 " }), "streamCutAfter")).toBe(0);
    expect(faults.requested(read({ "x-sandbox-stream-cut-after": "1.5" }), "streamCutAfter")).toBe(3);
    expect(faults.requested(read({}), "streamErrorAfter")).toBeUndefined();
    expect(faults.requested(read({ "x-sandbox-evaluation-status-fails": "0" }), "evaluationStatusFails")).toBe(false);
    expect(faults.requested(read({ "x-sandbox-evaluation-status-fails": "maybe" }), "evaluationStatusFails")).toBe(
      true,
    );
    expect(faults.requested(read({ "x-sandbox-agent-run-quota": "2" }), "agentRunQuota")).toBe(2);
  });
});
