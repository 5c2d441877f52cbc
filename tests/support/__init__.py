"""Helpers shared by tests: one in-process CLI runner; nothing here is a test."""
