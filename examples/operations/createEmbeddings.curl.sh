curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/inference/embeddings" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "nomic-embed-text-v1.5",
    "input": ["Customers may return a bike within 30 days of delivery.", "How long do customers have to return a bike?"]
  }'
