# Repeat -F files=@... for each file, and -F names=... to name them (one per file, in order).
curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/documents/create" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -F files=@kestrel-support-handbook.md \
  -F "names=Kestrel support handbook" \
  -F categories=support
