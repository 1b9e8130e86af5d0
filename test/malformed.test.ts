import { afterEach, describe, expect, it } from "vitest";
import { APIError, Nugen, NugenError } from "../src/index.js";
import { startServer, type TestServer } from "./helpers/server.js";

const apiKey = "nk-test-malformed-0123456789";
let server: TestServer;
afterEach(() => server?.close());

async function failureFor(contentType: string, body: string) {
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": contentType });
    res.end(body);
  });
  return new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" }).models
    .listAligned()
    .catch((error: unknown) => error);
}

describe("a 2xx that is not the JSON it claims", () => {
  it("an HTML page from a proxy becomes an APIError with the status and a snippet", async () => {
    const error = await failureFor("text/html", "<html><body>Service temporarily unavailable</body></html>");
    expect(error).toBeInstanceOf(APIError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(error).toMatchObject({ status: 200 });
    expect((error as Error).message).toBe(
      "200 with a body that is not valid JSON (text/html): <html><body>Service temporarily unavailable</body></html>",
    );
  });

  it("truncated JSON becomes an APIError", async () => {
    const error = await failureFor("application/json", '{"domain_aligned_models": [{"id": "m-1", "na');
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(
      /^200 with a body that is not valid JSON \(application\/json\): \{"domain/,
    );
  });

  it("an empty body becomes an APIError", async () => {
    const error = await failureFor("application/json", "");
    expect(error).toBeInstanceOf(NugenError);
    expect((error as Error).message).toBe("200 with an empty body (application/json): <empty>");
  });

  it("a long body is cut to a short snippet", async () => {
    const error = await failureFor("text/plain", "x".repeat(10_000));
    expect((error as Error).message.length).toBeLessThan(300);
  });

  it("the typed client nugen.api throws the same errors", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{not json");
    });
    const nugen = new Nugen({ apiKey, baseUrl: server.url, apiGeneration: "2026-07" });
    await expect(nugen.api.GET("/api/v3/models/aligned")).rejects.toBeInstanceOf(APIError);
  });
});

describe("valid JSON of the wrong shape", () => {
  it.each(["null", "[]", "5", '{"domain_aligned_models": null}'])("%s is an APIError, not a crash", async (text) => {
    const error = await failureFor("application/json", text);
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/^200 with an unexpected body: expected/);
  });
});
