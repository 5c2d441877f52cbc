"""Shared test helpers (never copied into test files)."""
