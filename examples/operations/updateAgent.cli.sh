nugen agents update "$AGENT_ID" --instructions "Answer in two sentences at most, and quote the numbers of the handbook." --temperature 0.3
