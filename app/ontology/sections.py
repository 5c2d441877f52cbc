"""Split a report into its sections (FINDINGS, IMPRESSION, HISTORY …) from the header lines."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

BODY = "body"


@dataclass(frozen=True)
class SectionKind:
    """What a section's mentions are worth: label weight, and whether they are history."""

    name: str
    weight: int
    historical: bool


@dataclass(frozen=True)
class Section:
    """One section of a report: its kind and the character range of its content."""

    kind: SectionKind
    start: int
    end: int


class SectionRules:
    """Header names per section kind, compiled into one line-start pattern."""

    def __init__(self, table: dict) -> None:
        self.kinds: dict[str, SectionKind] = {}
        header_kind: dict[str, str] = {}
        for name, spec in table.items():
            self.kinds[name] = SectionKind(name, int(spec["weight"]), bool(spec["historical"]))
            for header in spec.get("headers", ()):
                header_kind[_squash(header)] = name
        self._header_kind = header_kind
        alternatives = "|".join(re.escape(h).replace(r"\ ", r"[ \t]+")
                                for h in sorted(header_kind, key=len, reverse=True))
        # A header opens a line; a colon (or dash) follows, or nothing else is on that line.
        self._pattern = re.compile(
            rf"^[ \t>*#-]*(?P<h>{alternatives})[ \t]*(?:[:\-\u2013][ \t]*|[ \t]*$)", re.IGNORECASE | re.MULTILINE)

    def split(self, text: str) -> list[Section]:
        """Return the non-empty sections of the text in order; text before any header is `body`."""
        headers = list(self._pattern.finditer(text))
        ends = [m.start() for m in headers[1:]] + [len(text)]
        bounds = [(self.kinds[BODY], 0, headers[0].start() if headers else len(text))]
        bounds += [(self.kinds[self._header_kind[_squash(m.group("h"))]], m.end(), end)
                   for m, end in zip(headers, ends)]
        return [Section(kind, start, end) for kind, start, end in bounds if end > start]


def _squash(header: str) -> str:
    return " ".join(header.lower().split())


@lru_cache(maxsize=1)
def default_sections() -> SectionRules:
    """Return the shipped section rules (app/ontology/data/sections.yaml)."""
    text = resources.files(__package__).joinpath("data/sections.yaml").read_text(encoding="utf-8")
    return SectionRules(yaml.safe_load(text))
