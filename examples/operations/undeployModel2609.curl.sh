curl --fail-with-body -sS -X DELETE "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/models/$MODEL_ID/deployment" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
