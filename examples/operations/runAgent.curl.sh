# The agent's name goes in the path, percent-encoded (a space is %20).
NAME="${AGENT_NAME:-Kestrel support}"
curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/agents/run-agents/${NAME// /%20}/run" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -H "X-Session-ID: customer-4711" \
  -d '{"message": "Who pays for the return shipping of a bike?"}'
