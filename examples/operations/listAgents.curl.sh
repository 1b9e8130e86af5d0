curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/agents?include_inactive=true" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
