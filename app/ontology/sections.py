"""Split a report into its sections (FINDINGS, IMPRESSION, HISTORY …) from the header lines."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

BODY = "body"
TITLE = "title"
PREAMBLE = "preamble"
MAX_TITLE = 100


@dataclass(frozen=True)
class SectionKind:
    """What a section's mentions are worth: label weight, and whether they are history."""

    name: str
    weight: int
    historical: bool
    brief: bool = False


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
            self.kinds[name] = SectionKind(name, int(spec["weight"]), bool(spec["historical"]),
                                           bool(spec.get("brief", False)))
            for header in spec.get("headers", ()):
                header_kind[_squash(header)] = name
        self._header_kind = header_kind
        self._title_words = frozenset(table.get(TITLE, {}).get("words", ()))
        self._preamble_before = frozenset(table.get(PREAMBLE, {}).get("before", ()))
        alternatives = "|".join(re.escape(h).replace(r"\ ", r"[ \t]+")
                                for h in sorted(header_kind, key=len, reverse=True))
        # A header opens a line and a colon (or dash) follows, or nothing else is on that line;
        # after a sentence end within a line, a capitalised header with a colon counts too.
        self._pattern = re.compile(
            rf"^[ \t>*#-]*(?P<h>{alternatives})[ \t]*(?:[:\-\u2013][ \t]*|[ \t]*$)"
            rf"|(?<=[.!?])[ \t]+(?P<m>{alternatives})[ \t]*:[ \t]*", re.IGNORECASE | re.MULTILINE)

    def split(self, text: str) -> list[Section]:
        """Return the sections with content, in order; unheaded text is `body`."""
        headers = [m for m in self._pattern.finditer(text) if m.group("h") or m.group("m")[0].isupper()]
        ends = [m.start() for m in headers[1:]] + [len(text)]
        body = self.kinds[BODY]
        first = headers[0].start() if headers else len(text)
        title = self._title_end(text, first)
        # Unheaded lines that open the report and lead to FINDINGS are its clinical context (sections.yaml).
        opening = self.kinds[PREAMBLE] if headers and self._kind(headers[0]).name in self._preamble_before else body
        bounds = [(self.kinds[TITLE], 0, title)] if title else []
        if opening is body:  # "Pt, 33F, hemoptysis, cystic fibrosis." opening an unheaded report is its context
            for start, end in _patient_context(text, title, first):
                bounds += [(body, bounds[-1][2] if bounds else 0, start), (self.kinds[PREAMBLE], start, end)]
        bounds.append((opening, bounds[-1][2] if bounds else 0, first))
        for m, end in zip(headers, ends):
            kind = self._kind(m)
            cut = _brief_end(text, m.end(), end, inline=bool(m.group("m"))) if kind.brief else end
            bounds += [(kind, m.end(), cut), (body, cut, end)]
        return [Section(kind, start, end) for kind, start, end in bounds if text[start:end].strip()]

    def _kind(self, header: re.Match) -> SectionKind:
        """The section kind a matched header opens."""
        return self.kinds[self._header_kind[_squash(header.group("h") or header.group("m"))]]

    def _title_end(self, text: str, limit: int) -> int:
        """Return where the exam title line ends, or 0 when the report does not open with one."""
        start = len(text) - len(text.lstrip())
        end = text.find("\n", start, limit)
        line = text[start:end].strip() if end > 0 else ""
        if not line or len(line) > MAX_TITLE or line.endswith(".") or not text[end:].strip():
            return 0
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", line)}
        return end if words & self._title_words else 0


_SENTENCE_END = re.compile(r"[.!?](?=[ \t]+[A-Z0-9])")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

# The patient's age, or age and sex, as a request line gives them: "33F", "3 yo M", "7 y/o", "91-year-old", "M/72".
# Not a French size ("10 F pigtail"): a sex letter must not run on into a device's name.
_AGE_SEX = re.compile(
    r"(?i:\b\d{1,3}[ -]?(?:years?|yrs?|months?|mos?|weeks?|wks?|days?)[ -]old\b"
    r"|\b\d{1,3} ?(?:yo|y/o|y\.o\.|yrs?|y)\b)"
    r"|\b\d{1,3} ?[MF]\b(?![ \t]*(?i:fr\b|french|catheter|sheath|drain|pigtail|tube|cath\b))"
    r"|\b[MF]/\d{1,3}\b|\b\d{1,3}/[MF]\b")
# Only the report's first lines: a patient's age later on is part of a finding's description.
CONTEXT_LINES = 3


def _patient_context(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences among the first unheaded lines in [start, end) that give the patient's age or sex."""
    found: list[tuple[int, int]] = []
    position, lines = start, 0
    while position < end and lines < CONTEXT_LINES:
        line_end = text.find("\n", position, end)
        line_end = end if line_end < 0 else line_end
        if text[position:line_end].strip():
            lines += 1
            age = _AGE_SEX.search(text, position, line_end)
            if age:
                stop = _SENTENCE_END.search(text, age.end(), line_end)
                found.append((position, stop.end() if stop else line_end))
        position = line_end + 1
    return found


def _brief_end(text: str, start: int, end: int, inline: bool) -> int:
    """Where a one-item section (indication, comparison …) stops: see sections.yaml."""
    line_end = text.find("\n", start, end)
    if inline:  # "CT head. History: fall. Small subdural hematoma." — the item is one sentence
        stop = _SENTENCE_END.search(text, start, line_end if line_end >= 0 else end)
        if stop:
            return stop.end()
    if line_end < 0:
        return end
    line = text[start:line_end].strip()
    if line:  # the item wraps onto a next line that goes on in lower case, unless its line ended a sentence
        following = text[line_end:end].lstrip()
        return end if following[:1].islower() and not line.endswith((".", "!", "?")) else line_end
    content = len(text[line_end:end]) - len(text[line_end:end].lstrip())
    blank = _BLANK_LINE.search(text, line_end + content, end)
    return blank.start() if blank else end


def _squash(header: str) -> str:
    return " ".join(header.lower().split())


@lru_cache(maxsize=1)
def default_sections() -> SectionRules:
    """Return the shipped section rules (app/ontology/data/sections.yaml)."""
    text = resources.files(__package__).joinpath("data/sections.yaml").read_text(encoding="utf-8")
    return SectionRules(yaml.safe_load(text))
