/**
 * examples/ai-sdk.ts, the script the README and docs/ai-sdk.md show, run as a reader would
 * (`npx tsx examples/ai-sdk.ts`) against the sandbox with a deployed aligned model: it
 * streams the model's answer from the handbook and prints its confidence.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type TestSandbox } from "./helpers/sandbox.js";

const exec = promisify(execFile);
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
let t: TestSandbox;
let modelId: string;

beforeAll(async () => {
  t = await startSandbox({ tokensPerSecond: 0 });
  const documentId = await t.document("kestrel-support-handbook.md", read("examples/data/kestrel-support-handbook.md"));
  const created = await t.json("/api/v3/alignment-project/create", {
    method: "POST",
    body: JSON.stringify({ name: "Kestrel support", base_model: "nugen-flash-instruct", document_ids: [documentId] }),
  });
  t.advance(10_000);
  modelId = (await t.json(`/api/v3/alignment-project/status/${created.alignment_id}`)).data.model_id;
  await t.json(`/api/v3/models/deploy-model/${encodeURIComponent(modelId)}`, { method: "POST" });
  t.advance(3_000);
});
afterAll(() => t?.close());

describe("examples/ai-sdk.ts", () => {
  it("streams the aligned model's answer from its document and prints its confidence", async () => {
    const env = { ...process.env, NUGEN_API_KEY: "nk-example-key", NUGEN_BASE_URL: t.url, MODEL_ID: modelId };
    const { stdout } = await exec("npx", ["tsx", "examples/ai-sdk.ts"], { env, timeout: 60_000 });
    const [answer, summary] = stdout.split("\n");
    expect(answer).toMatch(/^According to kestrel-support-handbook\.md: .*Kestrel pays return shipping/);
    expect(summary).toMatch(
      /^stop, confidence \d+(\.\d)? of 100, \{"ttft_seconds":[\d.]+,"throughput_tokens_per_second":200,"total_seconds":[\d.]+\}$/,
    );
  }, 60_000);

  it("is what the README's AI SDK section and docs/ai-sdk.md show, to the letter", () => {
    const example = `\`\`\`ts\n${read("examples/ai-sdk.ts")}\`\`\``;
    expect(read("README.md")).toContain(example);
    expect(read("docs/ai-sdk.md")).toContain(example);
  });
});
