# Without -m, on a terminal: a conversation under one session.
nugen agents run "${AGENT_NAME:-Kestrel support}" -m "Who pays for the return shipping of a bike?" --session customer-4711
