curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/models/deploy-model/$MODEL_ID/status" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
