#!/usr/bin/env node
import { main } from "./main.js";

const code = await main(process.argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stdin: process.stdin,
});
// Node's fetch keeps the process up for tens of milliseconds after the last response: exit
// as soon as the output has been handed over (a write callback means the pipe has it).
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
