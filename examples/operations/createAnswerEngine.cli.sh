# Prints the engine's id; `nugen engines chat ID` asks it.
nugen engines create kestrel-support-handbook.md --name "Kestrel support answers" \
  --llm nugen-flash-instruct --embedding qwen3-embedding-8b --reranker bge-reranker-v2-m3
