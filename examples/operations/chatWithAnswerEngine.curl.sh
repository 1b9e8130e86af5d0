# Send the answer's conv_thread_id with the next question to continue the thread.
curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/answer-engine/$ANSWER_ENGINE_ID/chat" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"query": "Who pays for the return shipping of a bike?", "mode": "agentic", "top_k": 5}'
