nugen embed nomic-embed-text-v1.5 "Customers may return a bike within 30 days of delivery." \
  "How long do customers have to return a bike?"
