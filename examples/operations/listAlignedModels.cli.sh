nugen models list
nugen models list --json | jq -r '.[] | select(.status == "DEPLOYED") | .id'
