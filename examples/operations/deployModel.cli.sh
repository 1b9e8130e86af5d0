nugen models deploy "$MODEL_ID" --wait
