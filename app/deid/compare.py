"""Explain a profile attribute by attribute, and diff two profiles (settings and resulting actions)."""
from __future__ import annotations

from dataclasses import dataclass

from ..dicom.policy import ExplainedAttribute, Policy
from ..profiles import Profile


@dataclass(frozen=True)
class Change:
    """One difference between two profiles."""

    what: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.what}: {self.before} -> {self.after}"


def explain(profile: Profile) -> list[ExplainedAttribute]:
    """Return, for every attribute the profile touches, its action and where the action comes from."""
    return Policy(profile).explain()


def diff(a: Profile, b: Profile) -> list[Change]:
    """Return the setting changes and then the per-attribute action changes from `a` to `b`."""
    changes = []
    before, after = _flatten(a.document.model_dump(mode="json")), _flatten(b.document.model_dump(mode="json"))
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            changes.append(Change(key, _show(before.get(key)), _show(after.get(key))))
    actions_a = {(row.tag, row.keyword): row for row in explain(a)}
    actions_b = {(row.tag, row.keyword): row for row in explain(b)}
    for key in sorted(set(actions_a) | set(actions_b)):
        row_a, row_b = actions_a.get(key), actions_b.get(key)
        was = f"{row_a.action} ({row_a.source})" if row_a else "-"
        now = f"{row_b.action} ({row_b.source})" if row_b else "-"
        if (row_a and row_a.action) != (row_b and row_b.action):
            changes.append(Change(f"attribute {key[0]} {key[1]}".rstrip(), was, now))
    return changes


def _flatten(value, prefix: str = "") -> dict:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else key))
        return out
    return {prefix: value}


def _show(value) -> str:
    if value is None:
        return "(unset)"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)
