curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/inference/reranker" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "nomic-embed-text-v1.5",
    "query": "How long is the battery under warranty?",
    "documents": [
      "Frame: 5 years. Motor, display and electronics: 2 years.",
      "Battery: 2 years or 800 cycles, whichever comes first.",
      "Charge between 10 °C and 30 °C."
    ]
  }'
