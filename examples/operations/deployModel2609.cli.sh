# --early deploys the newest checkpoint while the project still trains.
nugen models deploy "$MODEL_ID" --wait
