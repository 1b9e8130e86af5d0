curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/answer-engine/$ANSWER_ENGINE_ID/retrieve" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"query": "E04 controller fault", "top_k": 3}'
