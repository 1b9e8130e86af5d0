curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/benchmark/upload" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -F file=@kestrel-benchmark.json \
  -F "name=Kestrel support QA (hand-written)" \
  -F "document_id=$DOCUMENT_ID"
