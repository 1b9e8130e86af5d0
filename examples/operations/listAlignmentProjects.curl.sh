# One page: raise offset by limit (at most 100) until a page holds fewer.
curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/alignment-projects/list?limit=100&offset=0" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
