nugen documents status "$DOCUMENT_ID"
