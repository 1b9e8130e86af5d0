nugen documents delete "$DOCUMENT_ID"
