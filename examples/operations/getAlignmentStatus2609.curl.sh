# QUEUED, PROCESSING, then READY or FAILED; no model_id here: read the project itself for it.
curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/alignment-projects/$PROJECT_ID/status" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
