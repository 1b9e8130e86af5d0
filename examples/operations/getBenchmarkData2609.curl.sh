# s3_url is a presigned link to the benchmark file; it expires after 2 hours.
curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/benchmarks/$BENCHMARK_ID/data" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
