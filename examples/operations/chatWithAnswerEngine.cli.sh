# Without -m, on a terminal: a conversation that keeps its thread.
nugen engines chat "$ANSWER_ENGINE_ID" -m "Who pays for the return shipping of a bike?" --mode agentic
