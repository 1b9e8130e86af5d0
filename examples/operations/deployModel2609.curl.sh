# Add ?early=true to deploy the newest checkpoint while the project still trains.
curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/models/$MODEL_ID/deployment" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
