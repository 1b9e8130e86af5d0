import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox } from "../src/sandbox/index.js";
import { runCli } from "./helpers/cli.js";
import { KEY, runInProcess, useCliSandbox } from "./helpers/cli-sandbox.js";
import { closedPort, sendJson, startServer, type TestServer } from "./helpers/server.js";

const cli = useCliSandbox();

describe("errors and exit codes", () => {
  it("a missing required flag is a usage error (2) naming the flag, with the command's usage", async () => {
    const result = await runCli(["projects", "create", "--base-model", "m", "--document", "d"], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: required option '--name <name>' not specified");
    expect(result.stderr).toContain("Usage: nugen projects create [options]");
  });

  it("with --json, a usage error is JSON on stdout too", async () => {
    const result = await runCli(["projects", "create", "--name", "N", "--json"], cli.env);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { type: "UsageError", message: "required option '--base-model <model>' not specified.", exit_code: 2 },
    });
    expect(result.stderr).toContain("error: required option '--base-model <model>' not specified");
  });

  it("an empty flag value is refused before sending, naming the flag", async () => {
    const result = await runCli(["projects", "create", "--name", "", "--base-model", "m", "--document", "d"], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^nugen: Invalid input: --name must not be empty\./);
    expect(result.stderr).toContain("Usage: nugen projects create [options]");
  });

  it.each([
    [["projects", "wait", "x", "--timeout", "soon"], "option '--timeout <duration>' argument 'soon' is invalid"],
    [["models", "list", "--max-retries", "-1"], "option '--max-retries <n>' argument '-1' is invalid"],
    [["models", "list", "--timeout", "0"], "option '--timeout <duration>' argument '0' is invalid"],
    [["models", "dance"], "unknown command 'dance'"],
    [["models", "list", "--colour"], "unknown option '--colour'"],
  ])("%j is a usage error", async (args, message) => {
    const result = await runCli(args, cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("no key is an auth error (3) that says where the key comes from", async () => {
    const result = await runCli(["models", "list"], { NUGEN_BASE_URL: cli.url });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("nugen: No API key: set the NUGEN_API_KEY environment variable (or pass --api-key).\n");
  });

  it("a refused key is an auth error (3)", async () => {
    const strict = await createSandbox({ log: false, apiKeys: ["the-right-key"] });
    try {
      const result = await runCli(["models", "list"], { ...cli.env, NUGEN_BASE_URL: strict.url });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/^nugen: 401 Invalid API key\.\nCheck NUGEN_API_KEY/);
      expect(result.stderr).not.toContain(KEY);
    } finally {
      await strict.close();
    }
  });

  it("an unreachable server is exit 1: one line, a hint, no stack", async () => {
    const result = await runCli(["models", "list", "--max-retries", "0"], {
      ...cli.env,
      NUGEN_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^nugen: Could not reach http:\/\/127\.0\.0\.1:\d+\/api\/v3\/models\/aligned: connection refused\.$/,
    );
    expect(lines[1]).toBe("Check --base-url (or NUGEN_BASE_URL) and the network.");
  });

  it("--verbose logs each request to stderr with the key redacted, stdout stays clean", async () => {
    const result = await runCli(["models", "list", "--json", "--verbose"], cli.env);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/nugen: GET \/api\/v3\/models\/aligned -> 200 \(attempt 1, \d+ ms\)/);
    expect(result.stderr).toContain("Bearer ***");
    expect(result.stderr).not.toContain(KEY);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });

  it("takes the connection flags before the command too", async () => {
    const result = await runCli(["--verbose", "--api-key", "before-key", "models", "list", "--json"], {
      NUGEN_BASE_URL: cli.url,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/GET \/api\/v3\/models\/aligned -> 200/);
  });

  it("--verbose shows the stack of an error", async () => {
    const result = await runCli(["models", "list", "--verbose", "--max-retries", "0"], {
      ...cli.env,
      NUGEN_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
    });
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it("--api-key works, and the env var is preferred in the help", async () => {
    const result = await runCli(["models", "list", "--api-key", "from-flag", "--json"], { NUGEN_BASE_URL: cli.url });
    expect(result.code).toBe(0);
    const help = await runCli(["models", "list", "--help"], {});
    expect(help.stdout).toMatch(/--api-key <key>\s+API key; prefer the NUGEN_API_KEY environment variable/);
  });
});

describe.each(["2026-09", "2026-07"])(
  "after a create that may have taken effect, the CLI speaks CLI (%s)",
  (generation) => {
    // Every create answers 500: the request may have reached the server and done its work. Such
    // a server cannot tell which generation it speaks, so the generation is pinned.
    let server: TestServer;
    beforeAll(async () => {
      server = await startServer((_request, response) => sendJson(response, 500, { detail: "Internal Server Error" }));
    });
    afterAll(() => server.close());

    // The advice is each job's, from src/core/jobs.ts, in the CLI's terms.
    it.each([
      [
        ["projects", "create", "--name", "N", "--base-model", "m", "--document", "doc_1"],
        "The project may have been created all the same: check `nugen projects list` before creating it again.",
      ],
      [
        ["benchmarks", "create", "--document", "doc_1", "--questions", "3"],
        "The benchmark may have been created all the same: check `nugen benchmarks list` before creating it again.",
      ],
      [
        ["evaluations", "create", "--model", "m", "--benchmark", "b"],
        "The evaluation may have been started all the same: check `nugen evaluations list` before starting it again.",
      ],
      [
        ["models", "deploy", "m"],
        "The deployment may have started all the same: check `nugen models list` before deploying again.",
      ],
      [
        ["documents", "upload", "package.json"],
        "The files may have been stored all the same: check `nugen documents list` before uploading them again.",
      ],
    ])("%j names the nugen command to check with, not an SDK method, in full sentences", async (args, advice) => {
      const result = await runCli([...args, "--max-retries", "0"], {
        NUGEN_API_KEY: KEY,
        NUGEN_BASE_URL: server.url,
        NUGEN_API_GENERATION: generation,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`nugen: 500 Internal Server Error. ${advice}\n`);
      expect(result.stderr).not.toContain("nugen.");
      for (const line of result.stderr.trimEnd().split("\n")) expect(line).toMatch(/\.$/);
    });

    it("with --json, the error is JSON on stdout and says it may have taken effect", async () => {
      const args = [
        "projects",
        "create",
        "--name",
        "N",
        "--base-model",
        "m",
        "--document",
        "doc_1",
        "--max-retries",
        "0",
        "--json",
        "--api-generation",
        generation,
      ];
      const result = await runCli(args, { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: server.url });
      expect(JSON.parse(result.stdout)).toEqual({
        error: {
          type: "InternalServerError",
          message:
            "500 Internal Server Error. The project may have been created all the same: check `nugen projects list` before creating it again.",
          exit_code: 1,
          status: 500,
          may_have_taken_effect: true,
        },
      });
    });
  },
);

describe("a server whose API generation cannot be told", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_request, response) => sendJson(response, 500, { detail: "Internal Server Error" }));
  });
  afterAll(() => server.close());

  it("is exit 1 before any create is sent, and the hint names the CLI's flag, not the SDK's option", async () => {
    const before = server.requests.length;
    const result = await runCli(
      ["projects", "create", "--name", "N", "--base-model", "m", "--document", "doc_1", "--max-retries", "0"],
      { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: server.url },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "nugen: Could not tell which generation of the Nugen API the server speaks (500 Internal Server Error).\nPin one with --api-generation 2026-09 (or 2026-07), or NUGEN_API_GENERATION.\n",
    );
    expect(server.requests.slice(before).map((request) => request.method)).toEqual(["GET", "GET"]);
    const json = await runCli(
      ["projects", "create", "--name", "N", "--base-model", "m", "--document", "doc_1", "--max-retries", "0", "--json"],
      { NUGEN_API_KEY: KEY, NUGEN_BASE_URL: server.url },
    );
    expect(JSON.parse(json.stdout)).toEqual({
      error: {
        type: "GenerationDetectionError",
        message: "Could not tell which generation of the Nugen API the server speaks (500 Internal Server Error).",
        exit_code: 1,
        hint: "Pin one with --api-generation 2026-09 (or 2026-07), or NUGEN_API_GENERATION.",
      },
    });
  });

  it("an --api-generation or NUGEN_API_GENERATION of no generation is a usage error", async () => {
    const flag = await runCli(["projects", "list", "--api-generation", "2026-08"], {
      NUGEN_API_KEY: KEY,
      NUGEN_BASE_URL: server.url,
    });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain(
      "option '--api-generation <g>' argument '2026-08' is invalid. Allowed choices are auto, 2026-07, 2026-09.",
    );
    const env = await runCli(["projects", "list"], {
      NUGEN_API_KEY: KEY,
      NUGEN_BASE_URL: server.url,
      NUGEN_API_GENERATION: "september",
    });
    expect(env.code).toBe(2);
    expect(env.stderr).toBe(
      'nugen: NUGEN_API_GENERATION is "september": use auto, 2026-07, 2026-09 (or pass --api-generation).\n',
    );
  });
});

describe("exit codes are returned, not left in process.exitCode", () => {
  it("main() resolves to 4 for a failed job and leaves process.exitCode alone", async () => {
    const document = await cli.document();
    const { id } = await cli.nugen.alignmentProjects.create({
      name: "Doomed [fail]",
      base_model: "m",
      document_ids: [document],
    });
    const before = process.exitCode;
    const code = await runInProcess(["projects", "wait", id], cli.env);
    expect(code).toBe(4);
    expect(process.exitCode).toBe(before);
  });
});

describe("the CLI's files are named for what they hold", () => {
  it("exit codes alone in exit-codes.ts, reporting in report-error.ts, flag parsers in parse-flags.ts", async () => {
    expect(Object.keys(await import("../src/cli/exit-codes.js"))).toEqual(["EXIT"]);
    expect(Object.keys(await import("../src/cli/report-error.js"))).toEqual(
      expect.arrayContaining(["reportError", "exitCodeFor", "errorJson"]),
    );
    expect(Object.keys(await import("../src/cli/parse-flags.js")).sort()).toEqual([
      "parseCount",
      "parseDuration",
      "parseMilliseconds",
      "parseNumber",
    ]);
  });
});
