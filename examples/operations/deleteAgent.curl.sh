# 204 No Content: -w prints the status, as there is no body.
curl --fail-with-body -sS -X DELETE "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/agents/$AGENT_ID" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -w '{"status": %{http_code}}\n'
