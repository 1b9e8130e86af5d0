nugen agents delete "$AGENT_ID"
