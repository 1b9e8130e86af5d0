nugen benchmarks list
