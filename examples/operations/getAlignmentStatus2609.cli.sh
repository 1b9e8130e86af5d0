nugen projects status "$PROJECT_ID"
nugen projects wait "$PROJECT_ID" --timeout 6h
