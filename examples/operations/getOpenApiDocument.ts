import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY (this route itself needs none)

// The server's own description: its `paths` say which API generation it speaks.
const { data } = await nugen.api.GET("/openapi-public.json");
console.log(Object.keys(data.paths ?? {}).length, "paths");

// The SDK reads it to choose its routes (once per client); this says what it chose, and how:
const { generation, source } = await nugen.apiGeneration();
console.log(generation, `(${source})`); // e.g. 2026-09 (openapi)
