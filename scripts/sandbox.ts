/** `npm run sandbox -- --port 4010 [--speed N] [--data FILE] [--latency MS] [--fail-rate R] [--rate-limit N]` */
import { parseArgs } from "node:util";
import { createSandbox } from "nugen/sandbox";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    speed: { type: "string" },
    "job-seconds": { type: "string" },
    data: { type: "string" },
    latency: { type: "string" },
    "fail-rate": { type: "string" },
    "rate-limit": { type: "string" },
    "api-key": { type: "string", multiple: true },
  },
});
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));

const sandbox = await createSandbox({
  port: number(values.port),
  host: values.host,
  speed: number(values.speed),
  jobSeconds: number(values["job-seconds"]),
  dataFile: values.data,
  latencyMs: number(values.latency),
  failRate: number(values["fail-rate"]),
  rateLimit: number(values["rate-limit"]),
  apiKeys: values["api-key"],
});
console.log(`Nugen sandbox listening on ${sandbox.url}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void sandbox.close().then(() => process.exit(0)));
