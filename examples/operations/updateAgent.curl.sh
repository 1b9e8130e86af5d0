curl --fail-with-body -sS -X PATCH "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/agents/$AGENT_ID" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"instructions": "Answer in two sentences at most, and quote the numbers of the handbook.", "temperature": 0.3}'
