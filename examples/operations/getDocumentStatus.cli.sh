nugen documents status "$UPLOAD_ID"
