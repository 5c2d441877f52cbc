"""Shared fixtures of the report-text tests: the shipped engine under `basic`, built once per module."""
from pathlib import Path

import pytest

from app.identity import IdentityKeys
from app.profiles import ProfileLibrary
from app.text.engine import ReportDeidentifier

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def engine() -> ReportDeidentifier:
    """The shipped report engine under the basic profile, with fixed keys."""
    return ReportDeidentifier(ProfileLibrary(ROOT / "profiles").get("basic"), IdentityKeys(b"u" * 32, b"p" * 32,
                                                                                          b"d" * 32))


def phi_marks(engine: ReportDeidentifier, text: str) -> bytearray:
    """One byte per character of `text`: 1 where the engine finds PHI, else 0."""
    marks = bytearray(len(text))
    for entity in engine.analyze(text):
        marks[entity.start:entity.end] = b"\x01" * (entity.end - entity.start)
    return marks


def missed(engine: ReportDeidentifier, text: str, values) -> list[str]:
    """The values (first occurrence each) the engine does not cover whole, whitespace aside."""
    covered = phi_marks(engine, text)
    return [value for value in values
            if not all(covered[i] for i in range(text.index(value), text.index(value) + len(value))
                       if not text[i].isspace())]


def touched(engine: ReportDeidentifier, text: str, values) -> list[str]:
    """The values (first occurrence each) of which the engine marks any character."""
    covered = phi_marks(engine, text)
    return [value for value in values if any(covered[text.index(value):text.index(value) + len(value)])]
