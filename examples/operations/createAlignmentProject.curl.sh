curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/alignment-project/create" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "Kestrel support",
    "base_model": "nugen-flash-instruct",
    "document_ids": ["'"$DOCUMENT_ID"'"],
    "benchmark_id": "'"$BENCHMARK_ID"'"
  }'
