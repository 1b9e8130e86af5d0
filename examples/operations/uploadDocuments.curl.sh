# Repeat -F files=@... for each file.
curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/documents" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -F files=@kestrel-support-handbook.md \
  -F categories=support
