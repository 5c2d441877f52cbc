"""Lines at a screen's edges that hold identity-shaped words the safe device vocabulary does not vouch for.

Consoles print more than the patient's block at their corners and edges: a case number alone at a corner,
the staff's initials ("AB/CD"), the facility's abbreviation. Once the header is anonymised none of them
matches a header value, and PS3.15 Annex E's Clean Pixel Data removes operators and institutions as well as
the patient. A line read with confidence in a frame's margins is masked when it holds a run of three or more
digits that no setting's name precedes (an ID), or a word in capitals or capitalised that the device
vocabulary (`data/device_vocabulary.yaml`: settings, units, probes and presets, measurement labels,
orientation markers, exams and anatomy, makers) does not list (initials, a name, a facility). Acquisition
parameters, measurements, orientation markers and scale numbers are left as they are.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from .ink import Rect
from .match import FUZZY_FROM
from .ocr import Line

MARGIN_TEXT = "margin_text"
VOCABULARY_PATH = Path(__file__).resolve().parent / "data" / "device_vocabulary.yaml"
MARGIN = 0.25  # of a frame's width or height: a line wholly this close to an edge is in the margins
MIN_WORD_CONFIDENCE = 60.0  # the recogniser's confidence (0-100) below which a word is not judged (speckle)
TWO_EDITS_FROM = 8  # letters: a word this long may be two edits from a listed word
ID_DIGITS = 3  # a run of this many digits is an ID unless a setting's name precedes it
COUNTERS = "counters"

# Words are cut at spaces and at the punctuation consoles put between values ("TIS<0.7", "AB/CD", "Im:7").
_SPLIT = re.compile(r"[\s/\-:;=<>#,()\[\]{}~|+*\"]+")
_EDGES = ".'!?_"
_POSSESSIVE = re.compile(r"'s$", re.IGNORECASE)
_NAME_MARKS = re.compile(r"[&'.]")  # inside a word: "O'NEIL", "H&E", "J.SMITH"
_DIGIT_RUN = re.compile(r"\d+")
_DECIMAL = re.compile(r"^\d*\.\d+$")
# Numbers with units, one or several ("3cm", "100%", "512x512", "4cm4cm"): the letters must all be units.
_MEASURE = re.compile(r"^(?:\d+(?:\.\d+)?(?:[a-z]+|%)?)+$", re.IGNORECASE)
_UNIT = re.compile(r"[a-z]+", re.IGNORECASE)
# An orientation letter with a table position ("A231", "S50.5").
_POSITION = re.compile(r"^[RLAPSIHF]\d+(?:\.\d+)?$")
_GLUED = re.compile(r"^([a-z]+)\d+(?:\.\d+)?$", re.IGNORECASE)
# A 3D view's orientation label names one direction of each axis ("AIL", "PSR").
_AXES = ("RL", "AP", "SIHF")


@lru_cache(maxsize=1)
def vocabulary() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Every word the device vocabulary lists, its units, and its counters (lower case)."""
    data = yaml.safe_load(VOCABULARY_PATH.read_text(encoding="utf-8"))
    words = frozenset(str(w).lower() for items in data.values() for w in items)
    return words, frozenset(str(w).lower() for w in data["units"]), frozenset(str(w).lower() for w in data[COUNTERS])


def margin_marks(lines: list[tuple[Rect, Line]], rows: int, cols: int) -> list[tuple[Rect, str]]:
    """Boxes (and kind) of the lines lying in the frame's margins that hold an identity-shaped word."""
    return [(box, MARGIN_TEXT) for box, line in lines if in_margins(box, rows, cols) and identity_shaped(line)]


def in_margins(box: Rect, rows: int, cols: int) -> bool:
    """Whether `box` lies wholly within MARGIN of one of the frame's edges."""
    x0, y0, x1, y1 = box
    return (x1 <= MARGIN * cols or x0 >= (1 - MARGIN) * cols
            or y1 <= MARGIN * rows or y0 >= (1 - MARGIN) * rows)


def identity_shaped(line: Line) -> bool:
    """Whether a confidently read word of `line` is an ID-like number, initials, or a name- or place-like word."""
    tokens = [token for word in line if word.conf >= MIN_WORD_CONFIDENCE for token in _SPLIT.split(word.text)]
    previous = ""
    for token in tokens:
        token = _POSSESSIVE.sub("", token.strip(_EDGES))
        if token and _identity_token(token, previous):
            return True
        previous = token.lower() if token else previous
    return False


@lru_cache(maxsize=4096)
def _listed(word: str) -> bool:
    """Whether `word` is in the vocabulary, or a listed word misread (OCR noise on small or speckled text):
    one edit away from FUZZY_FROM letters, two from TWO_EDITS_FROM.

    Remembered per word: a device prints the same settings on every frame and file, and an unlisted word is
    compared with every listed one (about half a millisecond).
    """
    words = vocabulary()[0]
    if word in words or len(word) < FUZZY_FROM:
        return word in words
    allowed = 2 if len(word) >= TWO_EDITS_FROM else 1
    return any(_edits(word, listed, allowed) <= allowed for listed in words if abs(len(listed) - len(word)) <= allowed)


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of `a` and `b`, or limit + 1 once it is known to exceed `limit`."""
    row = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (char != other))
        if min(row) > limit:
            return limit + 1
    return row[-1]


def _identity_token(token: str, previous: str) -> bool:
    """Whether one token, after `previous` (lower case), is identity-shaped rather than technical."""
    _, units, counters = vocabulary()
    if not token.isascii() or _listed(token.lower()):
        return False
    if not any(c.isdigit() for c in token):
        if len(token) == len(_AXES) and all(sum(c in axis for c in token.upper()) == 1 for axis in _AXES):
            return False
        letters = _NAME_MARKS.sub("", token)
        return len(letters) >= 2 and letters.isalpha() and letters[0].isupper()
    if _DECIMAL.match(token) or _POSITION.match(token):
        return False
    if _MEASURE.match(token) and all(unit.lower() in units for unit in _UNIT.findall(token)):
        longest = max(len(run) for run in _DIGIT_RUN.findall(token))
        return token.isdigit() and longest >= ID_DIGITS and previous not in counters
    glued = _GLUED.match(token)
    if glued and glued.group(1).lower() in counters:  # a setting and its value read as one word ("PRF4000")
        return False
    # Letters and digits mixed: a probe or code ("C5-2", "64F64") unless it carries an ID-long run of digits.
    return max(len(run) for run in _DIGIT_RUN.findall(token)) >= ID_DIGITS
