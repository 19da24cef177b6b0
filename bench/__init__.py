"""Benchmarks and load tests that run against a real server: `make soak`."""
