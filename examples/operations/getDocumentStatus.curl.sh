# With an upload id: the answer carries the doc_... id once the status is READY.
curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/documents/$UPLOAD_ID" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
