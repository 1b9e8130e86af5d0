nugen benchmarks status "$BENCHMARK_ID"
