"""Why a profile overrides an attribute: the comment its author wrote above the override, and where."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..dicom.method import OPTION_CODES
from ..dicom.policy import ExplainedAttribute
from ..deid.compare import explain
from ..profiles.loader import Profile, ProfileLibrary
from ..profiles.schema import TAG_PATTERN


@dataclass(frozen=True)
class OverrideReason:
    """The profile file that sets an override and the comment above it (empty when there is none)."""

    profile: str
    comment: str


def override_reasons(profile: Profile, library: ProfileLibrary) -> dict[str, OverrideReason]:
    """Return, per overridden keyword or "(GGGG,EEEE)" tag, the file that sets it (the child over its parents)."""
    reasons: dict[str, OverrideReason] = {}
    path: Path | None = profile.source
    seen: set[Path] = set()
    # A recorded old version has no file: its reasons are not known, and none are invented.
    while path is not None and path.is_file() and path.resolve() not in seen:
        seen.add(path.resolve())
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        for key_node in _override_keys(root):
            reasons.setdefault(_display(key_node.value),
                               OverrideReason(path.stem, _comment_above(lines, key_node.start_mark.line)))
        parent = (yaml.safe_load(text) or {}).get("extends")
        path = library.folder / f"{parent}.yaml" if isinstance(parent, str) else None
    return reasons


def _override_keys(root: yaml.Node | None) -> list[yaml.Node]:
    node = root
    for part in ("dicom", "overrides"):
        if not isinstance(node, yaml.MappingNode):
            return []
        node = next((value for key, value in node.value if key.value == part), None)
    return [key for key, _ in node.value] if isinstance(node, yaml.MappingNode) else []


def _comment_above(lines: list[str], line: int) -> str:
    """Return the comment block nearest above `line` within its mapping (a comment may head a group of keys)."""
    indent = len(lines[line]) - len(lines[line].lstrip())
    block: list[str] = []
    for text in reversed(lines[:line]):
        stripped = text.strip()
        if stripped.startswith("#"):
            block.append(stripped.lstrip("#").strip())
            continue
        if block or len(text) - len(text.lstrip()) < indent or not stripped:
            break  # the comment block ended, or the mapping did
    return " ".join(reversed(block))


def _display(key: str) -> str:
    match = TAG_PATTERN.match(key)
    return f"({match.group(1)},{match.group(2)})".upper() if match else key


@dataclass(frozen=True)
class ReasonedAttribute(ExplainedAttribute):
    """One row of a profile's audit table: the attribute's action, where it comes from, and why."""

    why: str


def explain_why(profile: Profile, library: ProfileLibrary) -> list[ReasonedAttribute]:
    """Return the engine's explanation of every attribute (`compare.explain`) with the reason for each action."""
    reasons = override_reasons(profile, library)
    rows = []
    for row in explain(profile):
        if row.source == "standard":
            why = f"PS3.15 Table E.1-1, Basic Profile: {row.standard_action}"
        elif row.source == "pseudonym":
            why = "written as the patient pseudonym (dicom.pseudonym.attributes)"
        elif row.source == "override":
            reason = reasons.get(row.keyword) or reasons.get(row.tag)
            why = f"override in {reason.profile}: {reason.comment or 'no comment given'}" if reason else "override"
        else:
            why = OPTION_CODES.get(row.source, ("", row.source))[1]
        rows.append(ReasonedAttribute(row.tag, row.keyword, row.name, row.standard_action, row.action, row.source,
                                      why))
    return rows
