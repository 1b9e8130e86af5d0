# -N prints each event as it arrives: `data: {json}` lines, ending with `data: [DONE]`.
curl --fail-with-body -sS -N -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/inference/chat/completions" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "'"$MODEL_ID"'",
    "messages": [
      {"role": "system", "content": "You answer customers of Kestrel E-Bikes."},
      {"role": "user", "content": "Who pays for the return shipping of a bike?"}
    ],
    "stream": true
  }'
