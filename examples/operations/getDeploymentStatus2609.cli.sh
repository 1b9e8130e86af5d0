# Its status line is the deployment's.
nugen models show "$MODEL_ID"
