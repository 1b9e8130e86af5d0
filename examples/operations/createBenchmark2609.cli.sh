nugen benchmarks create --document "$DOCUMENT_ID" --questions 10 --wait
