// Entry for the browser bundle: the result lands on window for the driver to read.
import * as sdk from "../../dist/index.js";
import { smoke } from "./smoke.mjs";

const baseUrl = new URL(location.href).searchParams.get("api");
smoke(sdk, baseUrl).then(
  (steps) => (window.smokeResult = { ok: true, steps }),
  (error) => (window.smokeResult = { ok: false, error: String(error?.stack ?? error) }),
);
