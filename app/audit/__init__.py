"""The keyed, hash-chained audit log: appending events and verifying the chain.

Owns the audit tables only. Events name actors, actions, objects and counts;
callers must never pass PHI values (names, IDs, dates, free text) in details.
"""
from .chain import AuditProblem, record, verify

__all__ = ["AuditProblem", "record", "verify"]
