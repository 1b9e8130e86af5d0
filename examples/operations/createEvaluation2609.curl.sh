# Add "baseline_model_id" to compare the model with another on the same samples.
curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/evaluations/create" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"model_id": "'"$MODEL_ID"'", "benchmark_id": "'"$BENCHMARK_ID"'", "evaluation_name": "Kestrel support"}'
