# The id is the document's own: it is usable in benchmarks and projects once READY.
curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/documents/$DOCUMENT_ID/status" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
