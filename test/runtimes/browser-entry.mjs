// Entry for the browser bundle: the result lands on window for the driver to read.
import * as aiSdk from "../../dist/ai-sdk.js";
import * as sdk from "../../dist/index.js";
import { aiSdkSmoke } from "./ai-sdk-smoke.mjs";
import { smoke } from "./smoke.mjs";

const baseUrl = new URL(location.href).searchParams.get("api");
(async () => [...(await smoke(sdk, baseUrl)), ...(await aiSdkSmoke(aiSdk, baseUrl))])().then(
  (steps) => (window.smokeResult = { ok: true, steps }),
  (error) => (window.smokeResult = { ok: false, error: String(error?.stack ?? error) }),
);
