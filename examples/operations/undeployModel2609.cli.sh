nugen models undeploy "$MODEL_ID" --wait
