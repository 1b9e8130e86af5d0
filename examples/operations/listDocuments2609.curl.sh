# One page: raise offset by limit (at most 100; more is 422) until a page holds fewer.
curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/documents/list?limit=100&offset=0" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
