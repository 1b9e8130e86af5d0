curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/inference/completions" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"model": "'"$MODEL_ID"'", "prompt": "Returning a bike, in one sentence:", "max_tokens": 64}'
