# Answers a bare JSON string: the model id.
curl --fail-with-body -sS -X DELETE "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/models/undeploy-model/$MODEL_ID" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
