// Entry for Node, Bun and Deno: the built ESM package against the sandbox at NUGEN_BASE_URL.
import * as aiSdk from "../../dist/ai-sdk.js";
import * as sdk from "../../dist/index.js";
import { aiSdkSmoke } from "./ai-sdk-smoke.mjs";
import { smoke } from "./smoke.mjs";

const baseUrl = globalThis.process?.env?.NUGEN_BASE_URL ?? globalThis.Deno?.env.get("NUGEN_BASE_URL");
const steps = [...(await smoke(sdk, baseUrl)), ...(await aiSdkSmoke(aiSdk, baseUrl))];
console.log(JSON.stringify({ ok: true, steps }));
