import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

const keys = await nugen.apiKeys.list(); // a bare list, camelCase, as the route sends it
for (const { name, key, status, lastUsed } of keys) {
  // Each entry holds the key itself: show no more of it than its end.
  console.log(name, `****${key?.slice(-4) ?? ""}`, status, lastUsed ?? "never used");
}
