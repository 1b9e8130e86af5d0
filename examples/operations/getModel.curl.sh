curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/models/$MODEL_ID" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
