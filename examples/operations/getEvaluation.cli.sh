nugen evaluations show "$EVALUATION_ID"
