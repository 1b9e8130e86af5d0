nugen benchmarks show "$BENCHMARK_ID"
