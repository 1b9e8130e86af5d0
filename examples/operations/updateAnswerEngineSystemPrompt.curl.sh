curl --fail-with-body -sS -X PATCH "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/answer-engine/$ANSWER_ENGINE_ID/system-prompt" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"prompt_name": "concise", "prompt_text": "Answer in one sentence and quote the handbook."}'
