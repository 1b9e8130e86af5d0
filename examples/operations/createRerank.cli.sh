nugen rerank nomic-embed-text-v1.5 --query "How long is the battery under warranty?" \
  "Frame: 5 years. Motor, display and electronics: 2 years." \
  "Battery: 2 years or 800 cycles, whichever comes first." \
  "Charge between 10 °C and 30 °C."
