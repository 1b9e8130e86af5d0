curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/evaluations?limit=10&offset=0" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
