/**
 * The CLI on a server of either API generation alone: `nugen doctor` says which one it
 * speaks and how it found out; `--api-generation` (or NUGEN_API_GENERATION) pins one; with
 * neither, the same commands run the whole workflow on both.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSandbox } from "../src/sandbox/index.js";
import { VERSION } from "../src/version.js";
import { runCli } from "./helpers/cli.js";
import { KEY, startRecordingProxy, uniqueText, useCliSandbox } from "./helpers/cli-sandbox.js";
import { closedPort, sendJson, startServer } from "./helpers/server.js";

const only07 = useCliSandbox({ generation: "2026-07" });
const only09 = useCliSandbox({ generation: "2026-09" });
const generations = [
  ["2026-07", only07],
  ["2026-09", only09],
] as const;
const dir = mkdtempSync(join(tmpdir(), "nugen-cli-generations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(generations)("nugen doctor on a %s server", (generation, sandbox) => {
  it("says the base URL, that it answers and how fast, that the key is accepted, the generation and how it was found, the SDK's version", async () => {
    const result = await runCli(["doctor"], sandbox.env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const aligned = (await sandbox.nugen.models.listAligned()).length;
    expect(result.stdout.split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^base URL\\s+${sandbox.url} \\(NUGEN_BASE_URL\\)$`)),
      expect.stringMatching(/^reachable\s+yes, in \d+ ms \(GET \/openapi-public\.json answered 200\)$/),
      expect.stringMatching(new RegExp(`^API key\\s+accepted \\(${aligned} aligned models\\)$`)),
      expect.stringMatching(new RegExp(`^generation\\s+${generation}, found in the server's /openapi-public\\.json$`)),
      expect.stringMatching(
        new RegExp(`^SDK\\s+nugen ${VERSION.replace(/\./g, "\\.")} on Node ${process.version.replace(/\./g, "\\.")}$`),
      ),
      "",
    ]);
  });

  it("--json: one document with every check", async () => {
    const result = await runCli(["doctor", "--json"], sandbox.env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      base_url: sandbox.url,
      base_url_from: "NUGEN_BASE_URL",
      reachable: { ok: true, ms: expect.any(Number), request: "GET /openapi-public.json", status: 200 },
      key: { ok: true, aligned_models: (await sandbox.nugen.models.listAligned()).length },
      generation: { ok: true, generation, source: "openapi" },
      sdk: { version: VERSION, node: process.version },
      exit_code: 0,
    });
  });

  it("says a generation was pinned, and by what: the flag before the environment", async () => {
    const other = generation === "2026-07" ? "2026-09" : "2026-07";
    const byFlag = await runCli(["doctor", "--api-generation", generation], {
      ...sandbox.env,
      NUGEN_API_GENERATION: other,
    });
    expect(byFlag.stdout).toMatch(new RegExp(`\\ngeneration\\s+${generation}, pinned by --api-generation\\n`));
    const byEnv = await runCli(["doctor", "--json"], { ...sandbox.env, NUGEN_API_GENERATION: other });
    expect(JSON.parse(byEnv.stdout).generation).toEqual({
      ok: true,
      generation: other,
      source: "pinned",
      pinned_by: "NUGEN_API_GENERATION",
    });
    // Before the command too.
    const before = await runCli(["--api-generation", generation, "doctor", "--json"], sandbox.env);
    expect(JSON.parse(before.stdout).generation).toMatchObject({ generation, pinned_by: "--api-generation" });
  });
});

describe("nugen doctor when something is wrong", () => {
  it("a refused key: exit 3, the key never shown; the server and its generation are still told", async () => {
    const strict = await createSandbox({ log: false, apiKeys: ["the-right-key"] });
    try {
      const result = await runCli(["doctor", "--base-url", strict.url], { NUGEN_API_KEY: KEY });
      expect(result.code).toBe(3);
      expect(result.stdout).toMatch(
        new RegExp(
          `^base URL\\s+${strict.url} \\(--base-url\\)\\nreachable\\s+yes, in \\d+ ms .+\\nAPI key\\s+refused \\(401\\)\\ngeneration\\s+2026-09, found in the server's /openapi-public\\.json\\n`,
        ),
      );
      expect(result.stderr).toMatch(/^nugen: 401 Invalid API key\.\nCheck NUGEN_API_KEY/);
      const json = await runCli(["doctor", "--json"], { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: strict.url });
      expect(json.code).toBe(3);
      expect(JSON.parse(json.stdout)).toMatchObject({
        key: { ok: false, error: { type: "AuthenticationError", status: 401, exit_code: 3 } },
        generation: { ok: true },
        exit_code: 3,
      });
      expect(`${result.stdout}${result.stderr}${json.stdout}${json.stderr}`).not.toContain(KEY);
    } finally {
      await strict.close();
    }
  });

  it("an unreachable server: exit 1, the rest not checked, what to check", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await runCli(["doctor"], { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: url });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `\\nreachable\\s+no: Could not reach ${url}/openapi-public\\.json: connection refused\\.\\nAPI key\\s+not checked \\(the server did not answer\\)\\ngeneration\\s+not checked \\(the server did not answer\\)\\n`,
      ),
    );
    expect(result.stderr).toBe(
      `nugen: Could not reach ${url}/openapi-public.json: connection refused.\nCheck --base-url (or NUGEN_BASE_URL) and the network.\n`,
    );
    const json = JSON.parse((await runCli(["doctor", "--json"], { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: url })).stdout);
    expect(json).toMatchObject({
      reachable: { ok: false, error: { type: "APIConnectionError", exit_code: 1 } },
      key: { ok: null },
      generation: { ok: null },
      exit_code: 1,
    });
  });

  it("no key: exit 3, as every command", async () => {
    const result = await runCli(["doctor"], { NUGEN_BASE_URL: only09.url });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("nugen: No API key: set the NUGEN_API_KEY environment variable (or pass --api-key).\n");
  });

  it.each([
    ["2026-09", 200, { alignment_projects: [] }],
    ["2026-07", 404, { detail: "Not Found" }],
  ] as const)("a server with no OpenAPI document is probed: %s", async (generation, status, body) => {
    const server = await startServer((request, response) => {
      if (request.path === "/openapi-public.json") return sendJson(response, 404, { detail: "Not Found" });
      if (request.path.startsWith("/api/v3/alignment-projects/list")) return sendJson(response, status, body);
      if (request.path === "/api/v3/models/aligned") return sendJson(response, 200, { domain_aligned_models: [] });
      sendJson(response, 404, { detail: "Not Found" });
    });
    try {
      const result = await runCli(["doctor"], { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: server.url });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /\nreachable\s+yes, in \d+ ms \(GET \/openapi-public\.json answered 404\)\nAPI key\s+accepted \(0 aligned models\)\n/,
      );
      expect(result.stdout).toContain(
        `generation ${generation}, found by probing the server (it publishes no readable /openapi-public.json)\n`,
      );
      // Only GETs: a diagnosis changes nothing.
      expect(new Set(server.requests.map((request) => request.method))).toEqual(new Set(["GET"]));
    } finally {
      await server.close();
    }
  });
});

describe("--api-generation and NUGEN_API_GENERATION", () => {
  it("pin the routes the CLI calls: a pinned 2026-07 call on a 2026-09 server goes to the 2026-07 path, and is not found", async () => {
    const proxy = await startRecordingProxy(only09.url);
    try {
      const env = { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: proxy.url };
      const document = await only09.document();
      const pinned = await runCli(
        [
          "projects",
          "create",
          "--name",
          "Pinned",
          "--base-model",
          "m",
          "--document",
          document,
          "--api-generation",
          "2026-07",
        ],
        env,
      );
      expect(pinned.code).toBe(1);
      expect(pinned.stderr).toMatch(/^nugen: 404 Not Found\./);
      expect(proxy.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        "POST /api/v3/alignment-project/create",
      ]);
      expect(proxy.requests[0]?.body).toMatchObject({ name: "Pinned", base_model: "m", document_ids: [document] });

      proxy.requests.length = 0;
      const auto = await runCli(
        ["projects", "create", "--name", "Auto", "--base-model", "m", "--document", document],
        env,
      );
      expect(auto.code).toBe(0);
      expect(proxy.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        "GET /openapi-public.json",
        "POST /api/v3/alignment-projects/create",
      ]);
      // The 2026-09 names, from the same flags.
      expect(proxy.requests[1]?.body).toMatchObject({
        alignment_name: "Auto",
        base_model_id: "m",
        document_ids: [document],
      });
    } finally {
      await proxy.close();
    }
  });

  it("a pinned 2026-09 call on a 2026-07 server: 404, where auto refuses before sending", async () => {
    const proxy = await startRecordingProxy(only07.url);
    try {
      const env = { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: proxy.url };
      const pinned = await runCli(["projects", "list"], { ...env, NUGEN_API_GENERATION: "2026-09" });
      expect(pinned.code).toBe(1);
      expect(pinned.stderr).toMatch(/^nugen: 404 Not Found\./);
      expect(proxy.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        "GET /api/v3/alignment-projects/list",
      ]);

      proxy.requests.length = 0;
      const auto = await runCli(["projects", "list"], env);
      expect(auto.code).toBe(1);
      expect(auto.stderr).toMatch(/^nugen: listAlignmentProjects has no route in the 2026-07 generation/);
      expect(proxy.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        "GET /openapi-public.json",
      ]);
    } finally {
      await proxy.close();
    }
  });

  it.each(generations)(
    "auto: the same commands run the workflow on a %s server alone",
    async (_generation, sandbox) => {
      const file = join(dir, `handbook-${sandbox.url.replace(/\W/g, "")}.md`);
      writeFileSync(file, uniqueText());
      const uploaded = await runCli(["documents", "upload", file, "--wait"], sandbox.env);
      expect(uploaded.code, uploaded.stderr).toBe(0);
      const document = uploaded.stdout.trim();
      const created = await runCli(
        [
          "projects",
          "create",
          "--name",
          "Both",
          "--base-model",
          "nugen-flash-instruct",
          "--document",
          document,
          "--wait",
          "--json",
        ],
        sandbox.env,
      );
      expect(created.code, created.stderr).toBe(0);
      const { id, model_id: model } = JSON.parse(created.stdout);
      expect(model).toEqual(expect.any(String));
      const shown = await runCli(["projects", "show", id], sandbox.env);
      expect(shown.stdout).toMatch(new RegExp(`\\nmodel\\s+${model}\\n`));
      const deployed = await runCli(["models", "deploy", model, "--wait"], sandbox.env);
      expect(deployed.code, deployed.stderr).toBe(0);
      const shownModel = await runCli(["models", "show", model, "--json"], sandbox.env);
      expect(JSON.parse(shownModel.stdout)).toMatchObject({ id: model, status: "DEPLOYED" });
      const answered = await runCli(
        ["complete", model, "How long do refunds take?", "--no-stream", "--max-tokens", "20"],
        sandbox.env,
      );
      expect(answered.code, answered.stderr).toBe(0);
      expect(answered.stdout.trim().length).toBeGreaterThan(0);
      const undeployed = await runCli(["models", "undeploy", model, "--wait"], sandbox.env);
      expect(undeployed.code, undeployed.stderr).toBe(0);
    },
  );
});
