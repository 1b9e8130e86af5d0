nugen evaluations download "$EVALUATION_ID"
