curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/alignment-project/create" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "Customer Support Alignment",
    "base_model": "nugen-flash-instruct",
    "document_ids": ["doc-abc123", "doc-def456"],
    "benchmark_id": "benchmark-xyz789"
  }'
