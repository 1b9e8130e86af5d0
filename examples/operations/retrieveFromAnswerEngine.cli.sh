nugen engines retrieve "$ANSWER_ENGINE_ID" "E04 controller fault" --top-k 3
