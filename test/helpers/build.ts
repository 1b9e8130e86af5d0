/** Vitest global setup: build dist/ once, for the tests that use the package as users get it. */
import { execFileSync } from "node:child_process";

export default function setup(): void {
  execFileSync("npm", ["run", "-s", "build"], { stdio: "pipe" });
}
