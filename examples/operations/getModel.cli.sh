nugen models show "$MODEL_ID"
