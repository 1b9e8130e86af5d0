curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/agents/create" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "agent_name": "'"${AGENT_NAME:-Kestrel support}"'",
    "model": "'"${MODEL_ID:-nugen-flash-instruct}"'",
    "instructions": "You answer customers of Kestrel E-Bikes, briefly and politely.",
    "max_tokens": 400,
    "demonstrations": [
      {"user_input": "Where is my frame number?", "model_output": "It is stamped under the bottom bracket: KB and eight digits."}
    ]
  }'
