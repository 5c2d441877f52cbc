"""Accounts and access: users, password hashing, API tokens and per-endpoint role declarations.

Owns the users and api_tokens tables. Knows nothing of de-identification.
"""
