# Public: no key. Its paths tell the generation: /api/v3/alignment-projects/create means 2026-09.
curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/openapi-public.json"
