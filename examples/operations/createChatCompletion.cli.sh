# Streams the answer as it is generated; --json prints the whole completion instead.
nugen chat "$MODEL_ID" --system "You answer customers of Kestrel E-Bikes." \
  -m "Who pays for the return shipping of a bike?"
