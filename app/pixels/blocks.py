"""Lines stacked with PHI lines: what else in a name / ID / date block must go although it matched nothing.

Consoles and film labels print identity in blocks, one line under another. A line of such a block
that could not be read cannot be shown to be free of PHI; a line of letters only, in a block that
already holds PHI, sits where the name is printed (on a file whose header was anonymised, the name
in the pixels no longer matches any header value), and a lone short number where the ID is. All are
masked, and the block is followed line by line away from its PHI.
"""
from __future__ import annotations

import re

from .ink import Rect
from .ocr import Line

UNREADABLE = "unreadable_text"
NAME_LIKE = "name_like"
ID_LIKE = "id_like"
MIN_READ_CONFIDENCE = 60.0  # the recogniser's confidence (0-100) below which a line counts as unread
MIN_LETTERS = 2
MAX_ROUNDS = 4  # lines followed away from the first PHI line of a block
LEADING = 1.0  # a block's lines lie at most this many line heights apart (gap between boxes)
STACKED_HEIGHT = (0.5, 2.0)  # a stacked line's height, in the PHI line's heights
STACKED_SHARE = 0.3  # ... and the share of the narrower line's width the two have in common
# Letters, spaces and the punctuation of printed names ("DOE, JANE", "O'NEIL^MARY", "J. SMITH"): 1-4 words.
_NAME = re.compile(r"^[A-Za-z][A-Za-z'.\-]*(?:[\s,^]+[A-Za-z][A-Za-z'.\-]*){0,3}[.,]?$")

_HYPHEN = re.compile(r"\s*-\s*")
# One token of three or more digits with a short letter prefix or suffix ("9261", "ID:48213", "12SC1"): where
# consoles print the patient or case number, which no longer matches an anonymised header. Too short for the
# long-number pattern.
_ID = re.compile(r"^[A-Za-z]{0,3}[#:.\-]?\d{3,}[A-Za-z]{0,2}\d?$")

Marked = tuple[Rect, str]


def beside_phi(lines: list[tuple[Rect, Line]], phi: list[Rect]) -> list[Marked]:
    """Boxes (and why) of the lines stacked in blocks with the `phi` line boxes that are unread or name-like.

    `lines` are every (line box, reading) of the frame that is not already marked.
    """
    marked: list[Marked] = []
    pending = list(phi)
    left = list(lines)
    for _ in range(MAX_ROUNDS):
        found = []
        for box, line in left:
            kind = _kind(line)
            if kind and any(_stacked(box, p) for p in pending):
                found.append((box, kind))
        if not found:
            break
        marked += found
        pending = [box for box, _ in found]
        left = [(box, line) for box, line in left if box not in pending]
    return marked


def _kind(line: Line) -> str | None:
    """UNREADABLE, NAME_LIKE, ID_LIKE or None (a line read with confidence that is neither name- nor ID-shaped)."""
    if is_unread(line):
        return UNREADABLE
    text = " ".join(word.text for word in line).strip()
    if _ID.match(text):
        return ID_LIKE
    # The recogniser may space a hyphenated name ("DOE -SMITH"): read it joined.
    return NAME_LIKE if _NAME.match(_HYPHEN.sub("-", text)) else None


def is_unread(line: Line) -> bool:
    """Whether a line was read as nothing legible: fewer than MIN_LETTERS letters or digits, or a doubtful word."""
    return (sum(c.isalnum() for word in line for c in word.text) < MIN_LETTERS
            or min(word.conf for word in line) < MIN_READ_CONFIDENCE)


def _stacked(run: Rect, line: Rect) -> bool:
    """Whether `run` is the next line of `line`'s block: above or below it, close, of a like height, overlapping."""
    height, other = run[3] - run[1], line[3] - line[1]
    gap = max(run[1] - line[3], line[1] - run[3])
    shared = min(run[2], line[2]) - max(run[0], line[0])
    return (-0.3 * other <= gap <= LEADING * other
            and STACKED_HEIGHT[0] * other <= height <= STACKED_HEIGHT[1] * other
            and shared >= STACKED_SHARE * min(run[2] - run[0], line[2] - line[0]))
