curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/alignment-projects/create" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "alignment_name": "Kestrel support",
    "base_model_id": "nugen-flash-instruct",
    "document_ids": ["'"$DOCUMENT_ID"'"],
    "benchmark_id": "'"$BENCHMARK_ID"'"
  }'
