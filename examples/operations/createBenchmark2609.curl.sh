curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/benchmarks/create" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"document_ids": ["'"$DOCUMENT_ID"'"], "n_samples": 10, "benchmark_name": "Kestrel support QA"}'
