/** The server the overhead benchmark calls: fixed answers, as cheap as node:http allows. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { examples } from "../../generated/examples.js";

const seed = examples.AlignedModels.domain_aligned_models;
// Twenty models, built from the spec's examples.
const models = Array.from({ length: 20 }, (_, i) => ({ ...seed[i % seed.length], id: `model-${i}` }));
const listBody = JSON.stringify({ domain_aligned_models: models });
const createBody = JSON.stringify({ alignment_id: "alignment_01KXG82FJJ98NQ0", status: "PROCESSING" });

// What a 2026-07 server's public description says (the SDK's generation detection reads it).
const documentBody = JSON.stringify({
  openapi: "3.1.0",
  info: { title: "bench", version: "1" },
  paths: { "/api/v3/alignment-project/create": {} },
});
let answered = 0;

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    // The bench asks how many requests came, to count what detecting the generation costs.
    if (req.url === "/__count") return res.end(String(answered));
    answered++;
    const body = req.method === "POST" ? createBody : req.url === "/openapi-public.json" ? documentBody : listBody;
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send?.((server.address() as AddressInfo).port));
