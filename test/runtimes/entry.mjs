// Entry for Node, Bun and Deno: the built ESM package against the sandbox at NUGEN_BASE_URL.
import * as sdk from "../../dist/index.js";
import { smoke } from "./smoke.mjs";

const baseUrl = globalThis.process?.env?.NUGEN_BASE_URL ?? globalThis.Deno?.env.get("NUGEN_BASE_URL");
const steps = await smoke(sdk, baseUrl);
console.log(JSON.stringify({ ok: true, steps }));
