"""Find a file's own identifiers as whole words, in any case, in value bytes, whole headers and text.

Every file has its own set of identifiers, so a regex would be compiled per file; that cost more
than de-identifying the file. An Aho-Corasick automaton over the lower-cased bytes (read as
Latin-1, one character per byte), with the word boundaries checked at each hit, finds exactly what
the equivalent regex `(?<![A-Za-z0-9])(?:w1|w2|…)(?![A-Za-z0-9])` (case-insensitive, longest word
first) finds.

Text in another character set, or with letters outside ASCII, is decoded and normalised first
(`fold_case`: compatibility forms, accents and invisible characters folded away, case folded), and
searched for the identifiers' normalised spellings: a byte search would miss a name spelled in
ISO 8859-5 or GB18030, in another case, or with a soft hyphen inside it.

A name a device cut to its field's length ("VANDERBI-PC", a station named after its user) is found
too: a prefix of a known name, six letters or more, as a whole word of a short value.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import ahocorasick
from pydicom.charset import decode_bytes
from pydicom.datadict import DicomDictionary

from ..known_phi import fold_case
from .dummies import DUMMY_BY_VR

MIN_KNOWN_LENGTH = 3
OWN_VALUES = frozenset(v for v in DUMMY_BY_VR.values() if isinstance(v, str))
_WORD_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Character sets whose bytes the UTF-8 and Latin-1 spellings of a word cover exactly.
BYTE_SEARCHABLE = frozenset({"iso8859", "latin_1", "UTF8"})
_TEXT_DELIMITERS = {0x5C, 0x0D, 0x0A, 0x09, 0x0C, 0x5E, 0x3D}  # value, line and name-component separators
MIN_TRUNCATED = 6  # letters of a cut name: shorter prefixes are ordinary words ("Rob", "Chris")
# Bytes of a value where a cut name counts: SH, AE and CS, the short device fields that cut names, hold
# 16 characters (two bytes each, at most, in the character sets most names are written in). In prose a
# prefix is as likely an ordinary word ("Richard" of a patient Richardson).
MAX_CUT_VALUE = 32
PLACEHOLDERS_PATH = Path(__file__).parent / "data" / "placeholders.json"


def decode_value(value: bytes, encodings: Sequence[str]) -> str:
    """Decode a text value in a file's own character sets as pydicom does, bad bytes replaced."""
    try:
        return decode_bytes(value, list(encodings), _TEXT_DELIMITERS)
    except Exception:  # pydicom raises for unknown or inconsistent escape sequences
        return value.decode(encodings[0] if encodings else "latin-1", "replace")


def long_enough(word: str) -> bool:
    """Whether a word is long enough to identify: three letters, or two outside ASCII (most CJK names)."""
    return len(word) >= MIN_KNOWN_LENGTH or (len(word) == 2 and not word.isascii())


def checkable(word: str) -> bool:
    """Whether a learned value is worth searching for (not too short, not our own dummy, not a small number)."""
    # Our own dummies and a device's "not known" are not PHI; short all-digit IDs collide with ordinary numbers.
    if not long_enough(word) or word.upper() in OWN_VALUES or is_placeholder(word):
        return False
    return len(word) >= 6 if word.isdigit() else True


def is_placeholder(value: str) -> bool:
    """Whether a value is what a device writes where it knows none ("n.a.", "UNKNOWN"), not a name or an ID."""
    return value.strip(" .").lower() in placeholders()


@lru_cache(maxsize=1)
def placeholders() -> frozenset[str]:
    """Return the placeholder values of `data/placeholders.json`, lower case, without surrounding dots."""
    return frozenset(v.strip(" .").lower() for v in json.loads(PLACEHOLDERS_PATH.read_text())["values"])


class KnownWords:
    """A set of identifiers, searched for in their UTF-8, Latin-1 and normalised spellings."""

    __slots__ = ("_encoded", "_utf8_only", "_automata", "ascii")

    def __init__(self, words: Iterable[str]):
        words = tuple(words)
        self.ascii = all(word.isascii() for word in words)  # whether every identifier is spelled in ASCII
        # needle -> whether it is only a cut name (a prefix), which counts in a short value only: a needle that
        # is also some word's whole spelling is not
        spelled = [_needles(word) for word in words]
        whole_utf8, cut_utf8, whole_latin1, cut_latin1 = ([n for needles in spelled for n in needles[kind]]
                                                          for kind in range(4))
        self._utf8_only = dict.fromkeys(cut_utf8, True) | dict.fromkeys(whole_utf8, False)
        self._encoded = dict.fromkeys(cut_latin1 + cut_utf8, True) | dict.fromkeys(whole_latin1 + whole_utf8, False)
        self._automata: dict[bool, ahocorasick.Automaton | None] = {}  # built on first use: most need one

    def __bool__(self) -> bool:
        return bool(self._encoded)

    def found_in(self, data: bytes, *, anywhere: bool = False) -> bool:
        """Whether any identifier occurs in a value's bytes as a whole word (`anywhere`: a cut name in any value).

        `anywhere` is for a search over many values at once (a whole header), where a value's bounds are unknown.
        """
        return next(_hits(self._automaton(False), data.lower().decode("latin-1"), anywhere), None) is not None

    def found_in_text(self, text: str) -> bool:
        """Whether any identifier occurs in decoded `text`, compared in normalised form."""
        return next(_hits(self._automaton(True), fold_case(text).encode("utf-8").decode("latin-1")), None) is not None

    def found_in_value(self, value: bytes, encodings: Sequence[str]) -> bool:
        """Whether any identifier occurs in a text value's bytes, in the file's own character sets."""
        if self.found_in(value):
            return True
        # Plain ASCII in a byte-searchable character set is settled by the byte search above.
        if value.isascii() and b"\x1b" not in value and BYTE_SEARCHABLE.issuperset(encodings):
            return False
        return self.found_in_text(decode_value(value, encodings))

    def redact(self, text: str, token: str) -> str:
        """Replace every whole-word occurrence in `text` (leftmost, longest first) with `token`."""
        data = text.encode("utf-8")
        # Only UTF-8 spellings: a Latin-1 one could match part of a multi-byte character.
        hits = sorted(_hits(self._automaton(True), data.lower().decode("latin-1")), key=lambda h: (h[0], -h[1]))
        out, cursor = [], 0
        for start, end in hits:
            if start < cursor:
                continue  # inside (or overlapping) an occurrence already replaced
            out += [data[cursor:start], token.encode()]
            cursor = end
        if not out:
            return text
        out.append(data[cursor:])
        return b"".join(out).decode("utf-8")

    def _automaton(self, utf8_only: bool) -> ahocorasick.Automaton | None:
        if utf8_only not in self._automata:
            needles = self._utf8_only if utf8_only else self._encoded
            automaton = None
            if needles:
                automaton = ahocorasick.Automaton()
                for needle, cut in needles.items():
                    automaton.add_word(needle.decode("latin-1"), (len(needle), cut))
                automaton.make_automaton()
            self._automata[utf8_only] = automaton
        return self._automata[utf8_only]


@lru_cache(maxsize=4096)
def _needles(word: str) -> tuple[tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...]]:
    """Return a word's UTF-8 needles, those of its cut names, and the same two in Latin-1 (none if not checkable).

    A study's files, and the two searches of one file, share most of their words: each is spelled out once.
    """
    if not checkable(word):
        return (), (), (), ()
    # A cut name only counts in a value of MAX_CUT_VALUE bytes, so longer prefixes are never needles
    # (all of a 70,000-letter name's prefixes would fill gigabytes). A prefix that is one of DICOM's
    # own words ("Primary" of an issuer "PrimaryDomain") cannot be told from that word in ImageType.
    dicom_words = dictionary_words()
    ends = range(MIN_TRUNCATED, min(len(word), MAX_CUT_VALUE + 1))
    cuts = [word[:end] for end in ends if word[:end].lower() not in dicom_words] if word.isalpha() else []
    whole_utf8, cut_utf8, whole_latin1, cut_latin1 = [], [], [], []
    for spelling, cut in [(word, False), *((prefix, True) for prefix in cuts)]:
        utf8 = cut_utf8 if cut else whole_utf8
        utf8 += (spelling.encode("utf-8").lower(), fold_case(spelling).encode("utf-8"))
        try:
            (cut_latin1 if cut else whole_latin1).append(spelling.encode("latin-1").lower())
        except UnicodeEncodeError:
            pass
    return tuple(whole_utf8), tuple(cut_utf8), tuple(whole_latin1), tuple(cut_latin1)


def _hits(automaton: ahocorasick.Automaton | None, text: str, anywhere: bool = False) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) of every occurrence with a word boundary on both sides (a cut name: in a short value)."""
    if automaton is None:
        return
    for last, (length, cut) in automaton.iter(text):
        start, end = last - length + 1, last + 1
        if (start == 0 or text[start - 1] not in _WORD_CHARS) and (end == len(text) or text[end] not in _WORD_CHARS) \
                and (not cut or anywhere or _in_short_value(text, start, end)):
            yield start, end


def _in_short_value(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies in a value of at most MAX_CUT_VALUE bytes (`text` holds one byte a character)."""
    after = text.find("\\", end)
    value = text[text.rfind("\\", 0, start) + 1:len(text) if after < 0 else after]  # values end at backslashes
    return len(value.rstrip(" \x00")) <= MAX_CUT_VALUE


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Return the words of DICOM's keywords, lower case ("primary" of PrimaryAnatomicStructureSequence)."""
    # One search over every keyword at once (a search per keyword cost a run twice as much); each distinct word
    # lower-cased once (some 1,800 of the 16,600 found).
    return frozenset(map(str.lower, set(re.findall(r"[A-Z][a-z]{2,}", " ".join(
        [entry[4] for entry in DicomDictionary.values()])))))


@lru_cache(maxsize=256)
def known_words_for(words: frozenset[str]) -> KnownWords:
    """Return the KnownWords of a set of identifiers, shared by the files of one study (built once, not per file)."""
    return KnownWords(words)
