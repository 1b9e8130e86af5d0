nugen projects create --name "Kestrel support" --base-model nugen-flash-instruct \
  --document "$DOCUMENT_ID" --benchmark "$BENCHMARK_ID"
