nugen evaluations create --model "$MODEL_ID" --benchmark "$BENCHMARK_ID"
