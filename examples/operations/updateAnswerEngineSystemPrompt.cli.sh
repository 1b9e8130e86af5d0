# Prints the stored prompt's id, for `nugen engines chat ID --prompt-id PROMPT_ID`.
nugen engines prompt "$ANSWER_ENGINE_ID" --name concise --text "Answer in one sentence and quote the handbook."
