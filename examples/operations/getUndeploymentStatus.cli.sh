# The DEPLOYMENT column of `nugen models list` shows each model's deployment.
nugen models list --json | jq -r --arg id "$MODEL_ID" '.[] | select(.id == $id) | .deployment_status'
