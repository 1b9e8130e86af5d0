nugen projects list --all
