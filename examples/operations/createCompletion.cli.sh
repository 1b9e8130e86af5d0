nugen complete "$MODEL_ID" "Returning a bike, in one sentence:" --max-tokens 64
