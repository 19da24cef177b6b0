"""Benchmarks: `make bench`. Speed targets live here, not in the unit tests."""
