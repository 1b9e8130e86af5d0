nugen evaluations status "$EVALUATION_ID"
