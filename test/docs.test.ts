/**
 * The API reference site as a reader sees it: built by `npm run docs`, served on localhost,
 * opened in headless Chromium (Debian's, driven by playwright-core). Every operation, its
 * three code samples and the introduction must render, and the page may request nothing
 * from any other host. Leaves a full-page screenshot in dist/docs/screenshot.png.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDocs } from "../scripts/docs-serve.js";
import { spec } from "./helpers/spec.js";

const CHROMIUM = "/usr/bin/chromium";
const root = fileURLToPath(new URL("..", import.meta.url));
const exec = promisify(execFile);
// CI installs Chromium (.ci/run) and must run this; elsewhere it needs `apt-get install chromium`.
const canRun = existsSync(CHROMIUM) || process.env.CI === "true";
if (!canRun) console.warn("docs.test.ts: skipped, no Chromium at /usr/bin/chromium (apt-get install -y chromium)");

interface OperationInfo {
  operationId: string;
  summary: string;
  method: string;
  tag: string;
  deprecated: boolean;
  /** It needs a key, so it documents a 401 (`/openapi-public.json` needs none). */
  secured: boolean;
}
const operations: OperationInfo[] = Object.values<Record<string, any>>(spec.paths).flatMap((item) =>
  Object.entries<Record<string, any>>(item).map(([method, op]) => ({
    operationId: op.operationId,
    summary: op.summary,
    method,
    tag: op.tags[0],
    deprecated: op.deprecated === true,
    secured: !(Array.isArray(op.security) && op.security.length === 0),
  })),
);
/** An operation's route in the site, `/<tag>/<operationid>`: its URL hash and its section's data-section-id. */
const routeOf = (op: OperationInfo) => `/${op.tag.toLowerCase().replaceAll(" ", "-")}/${op.operationId.toLowerCase()}`;

let browser: Browser;
let page: Page;
let server: { url: string; close(): Promise<void> };
const requested: string[] = [];
/** Each operation's section as a reader first sees it, shot when a test opens it, for the screenshot. */
const sectionShots = new Map<string, Buffer>();

beforeAll(async () => {
  if (!canRun) return;
  await exec(process.execPath, ["--import", "tsx", "scripts/docs.ts"], { cwd: root });
  server = await serveDocs(0);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Every page of the context, including the ones opened for the screenshot, is watched.
  context.on("request", (request) => requested.push(request.url()));
  context.on("requestfailed", (request) => requested.push(request.url()));
  page = await context.newPage();
  await page.goto(server.url, { waitUntil: "networkidle" });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const menuItem = (text: RegExp) => page.locator('[data-component-name="Menu/MenuItem"]', { hasText: text }).first();
/** A summary or tag name as a literal in a pattern: the 2026-07 ones hold parentheses. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** An operation's heading: its summary, and Redoc's badge after it when the operation is deprecated. */
const headingText = (op: OperationInfo) =>
  new RegExp(`^${literal(op.summary)}${op.deprecated ? "\\s*deprecated" : ""}$`);

describe.skipIf(!canRun)("the API reference site", () => {
  it("renders the introduction: workflow, authentication, errors, lifecycle, retries, sandbox", async () => {
    await expect.poll(() => page.title()).toBe("Nugen API reference");
    for (const heading of [
      "The alignment workflow",
      "Authentication",
      "Errors",
      "API generations",
      "The workflow, operation by operation",
      "The status lifecycle",
      "Retries",
      "SDKs and tools",
    ]) {
      await expect
        .poll(() => page.locator("h2", { hasText: new RegExp(`^${heading}$`) }).count(), { message: heading })
        .toBe(1);
    }
    expect(await page.getByText("A project whose name contains").count()).toBeGreaterThan(0);
  });

  it("links each step of the workflow table to its operation", async () => {
    const intro = readFileSync(join(root, "docs/intro.md"), "utf8");
    const links = [...intro.matchAll(/\]\(#\/([\w-]+)\/(\w+)\)/g)].map(([, tag, id]) => ({ tag, id }));
    expect(links.length).toBeGreaterThanOrEqual(12);
    for (const { tag, id } of links) {
      const op = operations.find((candidate) => candidate.operationId.toLowerCase() === id);
      expect(op, `docs/intro.md links to #/${tag}/${id}, an operation of openapi.yaml`).toBeDefined();
      expect(tag).toBe(op!.tag.toLowerCase().replaceAll(" ", "-"));
    }
    // And a reader's click on one of them opens the operation, from the introduction.
    if (page.url() !== server.url) await page.goto(server.url, { waitUntil: "networkidle" });
    await page.locator('a[href="#/models/deploymodel2609"]').first().click();
    await expect.poll(() => page.url()).toContain("#/models/deploymodel2609");
    await page
      .locator("h2", { hasText: /^Deploy a model$/ })
      .last()
      .waitFor();
  });

  /** Opens an operation from the sidebar, as a reader does, and resolves to its heading. */
  async function openOperation(op: OperationInfo) {
    // The whole name: "Documents" is also the start of "Documents 2026-07".
    const tag = menuItem(new RegExp(`^${literal(op.tag)}$`));
    if ((await menuItem(new RegExp(`^${literal(op.summary)}${op.method}$`, "i")).count()) === 0) await tag.click();
    await menuItem(new RegExp(`^${literal(op.summary)}${op.method}$`, "i")).click();
    await expect.poll(() => page.url()).toContain(op.operationId.toLowerCase());
    const heading = page.locator("h2", { hasText: headingText(op) }).last();
    await heading.waitFor();
    return heading;
  }

  it.each(operations.map((op) => [op.operationId, op] as const))(
    "renders %s with its samples in TypeScript, curl and CLI",
    async (_id, op) => {
      const heading = await openOperation(op);
      sectionShots.set(op.operationId, await page.locator(`[data-section-id="${routeOf(op)}"]`).screenshot());

      // Sections stack in page order: the operation's sample picker and code follow its heading.
      const labels = ["TypeScript", "curl", "CLI", "Payload"]
        .map((label) => `normalize-space(.)='${label}'`)
        .join(" or ");
      const picker = heading.locator(
        `xpath=following::div[@data-component-name='Dropdown/Dropdown'][./button[${labels}]][1]`,
      );
      const code = picker.locator("xpath=following::*[@data-component-name='CodeBlock/CodeBlock'][1]");
      // The page keeps the language last picked: start with the one shown, then pick the other two.
      const samples = [
        ["TypeScript", ".ts"],
        ["curl", ".curl.sh"],
        ["CLI", ".cli.sh"],
      ] as const;
      const current = (await picker.textContent())?.trim();
      const first = Math.max(
        0,
        samples.findIndex(([label]) => label === current),
      );
      for (const [label, suffix] of [...samples.slice(first), ...samples.slice(0, first)]) {
        if ((await picker.textContent())?.trim() !== label) {
          await picker.locator("button").first().click();
          await page.getByRole("menuitem", { name: label, exact: true }).click();
        }
        const source = readFileSync(join(root, "examples/operations", `${op.operationId}${suffix}`), "utf8");
        const firstLine = source.split("\n").find((line) => line.trim() !== "") ?? "";
        await expect
          .poll(() => code.textContent(), { message: `${op.operationId} ${label}` })
          .toContain(firstLine.trim());
      }

      // Expand what a reader would open: collapsed properties and each documented response.
      for (const show of await page.getByRole("button", { name: /^Show \d+ propert/ }).all())
        await show.click().catch(() => {});
      const responses = heading.locator("xpath=following::*[normalize-space(.)='401'][1]");
      // An operation that needs a key documents its 401; the public description needs none.
      expect(await responses.count()).toBe(op.secured ? 1 : 0);
    },
  );

  it("requests nothing outside localhost, and saves a full-page screenshot", async () => {
    // Redoc 3 renders one route at a time: shoot the whole introduction and each operation's
    // section as a reader opens it, then stack the shots into one tall image. The tests above
    // shot the operations they opened; any other is opened here, by its address in one page.
    const view = await page.context().newPage();
    // Generous limits: 60 routes rendered one after another on a shared, loaded CI machine.
    await view.goto(server.url, { waitUntil: "load", timeout: 120_000 });
    await view.locator("h1, h2").first().waitFor({ timeout: 120_000 });
    const shots = [await view.screenshot({ fullPage: true })];
    for (const op of operations) {
      let shot = sectionShots.get(op.operationId);
      if (!shot) {
        await view.goto(`${server.url}#${routeOf(op)}`, { timeout: 120_000 });
        const section = view.locator(`[data-section-id="${routeOf(op)}"]`);
        await section.locator("h2", { hasText: headingText(op) }).waitFor({ timeout: 120_000 });
        shot = await section.screenshot({ timeout: 120_000 });
      }
      shots.push(shot);
    }
    await view.close();
    const sheet = await page.context().newPage();
    await sheet.setContent(
      `<body style="margin:0">${shots.map((shot) => `<img style="display:block" src="data:image/png;base64,${shot.toString("base64")}">`).join("")}</body>`,
    );
    await sheet.waitForFunction(() => [...document.images].every((image) => image.complete));
    await sheet.screenshot({ path: join(root, "dist/docs/screenshot.png"), fullPage: true });
    const foreign = requested.filter((url) => !/^(http:\/\/127\.0\.0\.1:\d+\/|data:|blob:|about:)/.test(url));
    expect(foreign).toEqual([]);
    expect(requested.some((url) => url.startsWith(server.url))).toBe(true);
    expect(existsSync(join(root, "dist/docs/screenshot.png"))).toBe(true);
  }, 600_000);
});
