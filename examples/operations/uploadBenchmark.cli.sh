nugen benchmarks upload kestrel-benchmark.json --name "Kestrel support QA (hand-written)" --document "$DOCUMENT_ID"
