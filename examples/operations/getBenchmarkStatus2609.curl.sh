curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/benchmarks/$BENCHMARK_ID/status" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
