nugen evaluations delete "$EVALUATION_ID"
