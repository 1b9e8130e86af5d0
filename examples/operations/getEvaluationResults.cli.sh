nugen evaluations results "$EVALUATION_ID"
