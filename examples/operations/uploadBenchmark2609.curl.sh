curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/benchmarks/upload" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -F file=@kestrel-benchmark-samples.json \
  -F "benchmark_name=Kestrel support QA (hand-written)" \
  -F "document_id=$DOCUMENT_ID"
