# Prints the new agent's id; `nugen agents run NAME` talks to it.
nugen agents create --name "${AGENT_NAME:-Kestrel support}" --model "${MODEL_ID:-nugen-flash-instruct}" \
  --instructions "You answer customers of Kestrel E-Bikes, briefly and politely." --max-tokens 400
