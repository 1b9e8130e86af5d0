nugen projects show "$PROJECT_ID"
