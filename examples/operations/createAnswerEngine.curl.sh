# Repeat -F documents=@... for each file; -F s3_uris=... and -F s3_prefix=... add S3 sources.
curl --fail-with-body -sS -X POST "${NUGEN_BASE_URL:-https://api.nugen.in}/api/v3/answer-engine" \
  -H "Authorization: Bearer $NUGEN_API_KEY" \
  -F "answer_engine_name=Kestrel support answers" \
  -F model_llm=nugen-flash-instruct \
  -F model_embedding=qwen3-embedding-8b \
  -F model_reranker=bge-reranker-v2-m3 \
  -F documents=@kestrel-support-handbook.md
