# Model ids can start with "-" and contain "_": percent-encode them in the path.
curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/models/deploy-model/$MODEL_ID" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
