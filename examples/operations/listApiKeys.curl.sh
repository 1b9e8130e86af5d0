# The path ends with a slash; without it the server redirects.
curl --fail-with-body -sS "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/api-keys/" \
  -H "Authorization: Bearer $NUGEN_API_KEY"
