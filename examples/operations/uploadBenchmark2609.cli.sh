# The file may hold {sample_num, instruction, response} or {question_num, question, answer}.
nugen benchmarks upload kestrel-benchmark-samples.json --name "Kestrel support QA (hand-written)" --document "$DOCUMENT_ID"
