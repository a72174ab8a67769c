"""Side-by-side performance runs: `python -m benchmarks` (or `make bench`)."""
