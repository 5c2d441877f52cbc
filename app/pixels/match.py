"""Decide which OCR words are PHI: the file's known values (noise-tolerant) and generic patterns."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .known import KnownTerms
from .ocr import Line

KNOWN, PATTERN, TEXT = "known_phi", "phi_pattern", "text"
# Glyph pairs tesseract confuses: both sides of a comparison are folded the same way.
_FOLD = str.maketrans("oilsbz|", "0115821")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PIECE_GAP = re.compile(r"[^0-9A-Za-z|]+")  # what splits a read word into the pieces matched on their own
# In a token that holds digits, the glyphs tesseract mistakes for 1 and 0 are read as those ("1i, 2018"
# is "11, 2018"); ordinal suffixes (st, nd, rd, th) are untouched. One character for one, so spans hold.
_DIGIT_LIKE = re.compile(r"\b(?=[0-9A-Za-z|]*\d)[0-9A-Za-z|]+")
_AS_DIGITS = str.maketrans("ilI|oO", "111100")
FUZZY_FROM = 5  # terms this long may differ by one edit
ANYWHERE_FROM = 6  # shorter terms must start and end on a word/punctuation boundary (no hits inside words)
# An identifier printed across the edge of an ultrasound fan or a frame shows only its start or its end: a word
# that ends with an identifier's first characters, or opens with its last, is that identifier cut off, when the
# part shown holds a digit and is at least CUT_MIN characters and half the identifier long.
CUT_MIN = 4

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Any word in a month's place before a full year: OCR misreads month names ("Mafch 17, 2014").
_MONTH_LIKE = r"[a-z]{3,9}\.?"
_YEAR = r"(?:19|20)\d{2}"
# Facility names (the header's InstitutionName is often blanked while the screen still prints it).
# Lookarounds, not \b: devices join words with underscores ("WESTWAY_MEDICAL").
_FACILITY = re.compile(r"(?<![a-z])(?:hospital|hosp|medical|med\.?\s*ctr|clinic|clinics|clinique|klinik|klinikum"
                       r"|infirmary|health|healthcare|university|univ|institute|sanatorium)(?![a-z])", re.IGNORECASE)
_PATTERNS = (
    re.compile(r"\b\d{1,4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{2,4}\b"),
    # The comma after the day is often read as another mark ("October 29: 2017" on a faint line).
    re.compile(rf"\b{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?[,.:;]?\s*\d{{2,4}}\b", re.IGNORECASE),
    re.compile(rf"\b\d{{1,2}}[\s\-/]*{_MONTH}[\s\-/]*\d{{2,4}}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH_LIKE}\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b\d{{1,2}}[\s\-/.]+{_MONTH_LIKE}[\s\-/.]+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_YEAR}\s?[/.\-]\s?[01]?\d\b"),  # a date cut short after year and month
    re.compile(r"\b\d{1,2}\s?:\s?\d{2}(?:\s?:\s?\d{2})?\b"),
    # Five digits run into a letter, or six alone: a date or an identifier whose separators and label a faint
    # line's reading ran together ("BrthA0301951"); device settings print at most four (1024, 5000), and
    # speckle read in a verification band can come out as five digits alone ("26759").
    re.compile(r"(?<=[a-z])\d{5,}|\d{5,}(?=[a-z])|\d{6,}", re.IGNORECASE),
    # A telephone number, local (`662-1831`) or with its area code in any dress (`(585) 662-1831`, `585.662.1831`;
    # OCR reads a parenthesis as a full-width one): a scanned requisition prints the patient's, which no
    # header holds. Three digits and four around one hyphen or dot; settings print no such pair.
    re.compile(r"(?<!\d)(?:\d{2,4}[^\w]{1,3})?\d{3}\s?[\-.]\s?\d{4}(?!\d)"),
    _FACILITY,
)
# A label means the value after it is PHI even when it is unreadable or unknown: mask the words that follow it.
# "Ex" and "Case" head an exam's or a case's number (PS3.15: Study ID, accession), however short.
_LABEL = re.compile(r"\b(?:pat(?:ient)?|name|n[a@]me|dob|d\.o\.b|birth\w*|mrn|id|acc(?:ession)?|accn?o?|pid|ex|case"
                    r"|dr|ref(?:erring)?|phys(?:ician)?|operator|sonographer|tech(?:nologist)?"
                    r"|phone|tel(?:ephone)?|fax|mobile)\b", re.IGNORECASE)
LABEL_REACH = 3.0  # a label's value starts within this many line heights of it
_LABEL_END = re.compile(rf"(?:{_LABEL.pattern})[\s:#.\-]*", re.IGNORECASE)


def normalise(text: str) -> str:
    """Fold case and OCR confusions (O/0, I/l/1, S/5, B/8, Z/2) and drop punctuation and spaces."""
    return _NON_ALNUM.sub("", text.lower().translate(_FOLD))


class PhiMatcher:
    """Classify the words of OCR lines as known PHI, PHI-like patterns or plain text."""

    def __init__(self, terms: KnownTerms) -> None:
        self._terms = tuple(t for t in dict.fromkeys(normalise(v) for v in terms.matchable()) if len(t) >= 2)
        self._identifiers = tuple(t for t in dict.fromkeys(normalise(v) for v in terms.identifiers)
                                  if len(t) > CUT_MIN and any(c.isdigit() for c in t))

    def classify(self, line: Line) -> list[str]:
        """Return one kind per word of `line`: KNOWN, PATTERN or TEXT (KNOWN wins over PATTERN)."""
        kinds = [TEXT] * len(line)
        for index in self._pattern_words(line):
            kinds[index] = PATTERN
        for index in self._known_words(line):
            kinds[index] = KNOWN
        return kinds

    def _known_words(self, line: Line) -> set[int]:
        """Indices of words that carry (part of) a known term, allowing one edit for long terms."""
        text, owner, bounds = _folded(line)
        hits: set[int] = set()
        for term in self._terms:
            for start, end in _occurrences(text, term):
                if len(term) < ANYWHERE_FROM and (start not in bounds or end not in bounds):
                    continue
                hits.update(owner[start:end])
        hits.update(index for index, word in enumerate(line) if self._cut_identifier(word.text))
        return hits

    def _cut_identifier(self, text: str) -> bool:
        """Whether a piece of `text` shows only the start or only the end of a known identifier (`CUT_MIN`)."""
        for piece in _PIECE_GAP.split(text):
            folded = normalise(piece)
            for term in self._identifiers if len(folded) >= CUT_MIN else ():
                shortest = max(CUT_MIN, (len(term) + 1) // 2)
                for size in range(shortest, min(len(term), len(folded) + 1)):
                    start, end = term[:size], term[-size:]
                    if ((folded.endswith(start) and any(c.isdigit() for c in start))
                            or (folded.startswith(end) and any(c.isdigit() for c in end))):
                        return True
        return False

    @staticmethod
    def open_label(line: Line) -> bool:
        """Whether `line` ends in a PHI label with nothing read after it: its value stands on, unread."""
        return bool(line) and _LABEL_END.fullmatch(line[-1].text.strip()) is not None

    @staticmethod
    def _pattern_words(line: Line) -> set[int]:
        """Indices of words that look like dates, times, long numbers, or follow a PHI label."""
        raw, spans = _joined(line)
        raw = _DIGIT_LIKE.sub(lambda m: m.group().translate(_AS_DIGITS), raw)
        hits: set[int] = set()
        for pattern in _PATTERNS:
            for m in pattern.finditer(raw):
                hits.update(_words_in(spans, m.start(), m.end()))
        for index, word in enumerate(line):
            digits = normalise(word.text)
            if len(digits) >= 6 and sum(c.isdigit() for c in digits) >= 0.75 * len(digits):
                hits.add(index)
        for label in _LABEL.finditer(raw):
            hits.update(_value_after(line, min(_words_in(spans, label.start(), label.end()))))
        return hits


def _value_after(line: Line, first: int) -> list[int]:
    """The label at `first` and the words that follow it without a wide gap (its value, however read)."""
    run = [first]
    for index in range(first + 1, len(line)):
        before, word = line[index - 1].box, line[index].box
        height = max(before[3] - before[1], word[3] - word[1])
        if word[0] - before[2] > LABEL_REACH * height:
            break
        run.append(index)
    return run


def _folded(line: Line) -> tuple[str, list[int], set[int]]:
    """Concatenate the line's folded words; map each char to its word; mark word/punctuation boundaries."""
    chars: list[str] = []
    owner: list[int] = []
    bounds: set[int] = {0}
    for index, word in enumerate(line):
        for piece in _PIECE_GAP.split(word.text):
            folded = normalise(piece)
            bounds.add(len(chars))
            chars.extend(folded)
            owner.extend([index] * len(folded))
            bounds.add(len(chars))
    return "".join(chars), owner, bounds


def _joined(line: Line) -> tuple[str, list[tuple[int, int]]]:
    """Join the words with spaces; return the text and each word's character span."""
    spans, pos = [], 0
    for word in line:
        spans.append((pos, pos + len(word.text)))
        pos += len(word.text) + 1
    return " ".join(w.text for w in line), spans


def _words_in(spans: Sequence[tuple[int, int]], start: int, end: int) -> set[int]:
    """Indices of words overlapping the character range [start, end)."""
    return {i for i, (a, b) in enumerate(spans) if a < end and start < b}


def _occurrences(text: str, term: str) -> list[tuple[int, int]]:
    """Spans of `text` equal to `term`, or within one edit when the term is long enough."""
    found = []
    pos = text.find(term)
    while pos >= 0:
        found.append((pos, pos + len(term)))
        pos = text.find(term, pos + 1)
    if found or len(term) < FUZZY_FROM:
        return found
    # One edit leaves one half of the term intact: anchor on either half, then check nearby windows.
    half = len(term) // 2
    starts: set[int] = set()
    for piece, offset in ((term[:half], 0), (term[half:], half)):
        pos = text.find(piece)
        while pos >= 0:
            starts.update(range(pos - offset - 1, pos - offset + 2))
            pos = text.find(piece, pos + 1)
    for start in sorted(s for s in starts if s >= 0):
        for size in (len(term) - 1, len(term), len(term) + 1):
            if start + size <= len(text) and _within_one_edit(text[start:start + size], term):
                found.append((start, start + size))
                break
    return found


def _within_one_edit(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by at most one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]
