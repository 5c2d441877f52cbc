"""Synthetic data for demos, tests and benchmarks: never real patients."""
