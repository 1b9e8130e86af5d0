nugen projects create --name "Customer Support Alignment" --base-model nugen-flash-instruct \
  --document doc-abc123 --document doc-def456 --benchmark benchmark-xyz789
