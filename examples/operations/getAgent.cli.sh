nugen agents show "$AGENT_ID"
