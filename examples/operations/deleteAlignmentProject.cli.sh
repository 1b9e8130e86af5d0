nugen projects delete "$PROJECT_ID"
