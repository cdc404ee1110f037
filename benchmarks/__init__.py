"""National-scale benchmarks: `python -m benchmarks` generates the data, measures and prints a table."""
