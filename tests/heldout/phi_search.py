"""Find injected PHI strings in a DICOM file: every element at any depth, and the raw bytes.

Matching is deliberately generous so that a leak cannot hide behind formatting: text is
compared case-insensitively with accents folded, IDs and phone numbers with separators
removed, dates in any common written format by the date they name.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

import pydicom
from pydicom.charset import convert_encodings, decode_bytes, encode_string
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.valuerep import PersonName

# Letters NFKD does not decompose.
_FOLD = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "æ": "ae", "Æ": "ae", "œ": "oe",
                       "Œ": "oe", "ß": "ss", "đ": "d", "Đ": "d", "ı": "i", "þ": "th", "ð": "d"})
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MON = "(" + "|".join(_MONTHS) + r")[a-z]*\.?"
_DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")),
    ("ymd", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("xxy", re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?!\d)")),
    ("dmy", re.compile(r"(?<![a-z0-9])(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*" + _MON
                       + r"[\s\-/.,]*(\d{4}|\d{2})(?!\d)", re.I)),
    ("mdy", re.compile(r"(?<![a-z])" + _MON + r"\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4}|\d{2})(?!\d)",
                       re.I)),
]
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def fold(text: str) -> str:
    """Case- and accent-fold text for comparison."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def alnum(text: str) -> str:
    """Folded text with every separator removed (IDs, phone numbers)."""
    return "".join(c for c in fold(text) if c.isalnum())


def _phone_digits(value: str) -> str:
    """A phone number's digits without a leading country code 1."""
    digits = "".join(c for c in value if c.isdigit())
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def _month(token: str) -> int:
    """Month number from a month name or abbreviation."""
    return _MONTHS.index(token[:3].lower()) + 1


def dates_in(text: str) -> set[tuple[int | None, int, int, int]]:
    """Every date a text may name, as (year or None for 2-digit years, yy, month, day)."""
    found: set[tuple[int | None, int, int, int]] = set()

    def add(y: str, m: int, d: int) -> None:
        if 1 <= m <= 12 and 1 <= d <= 31:
            year = int(y)
            found.add((year if len(y) == 4 else None, year % 100, m, d))

    for style, pattern in _DATE_PATTERNS:
        for g in pattern.findall(text):
            if style == "ymd":
                add(g[0], int(g[1]), int(g[2]))
            elif style == "xxy":  # MM/DD or DD/MM: either reading counts
                add(g[2], int(g[0]), int(g[1]))
                add(g[2], int(g[1]), int(g[0]))
            elif style == "dmy":
                add(g[2], _month(g[1]), int(g[0]))
            else:
                add(g[2], _month(g[0]), int(g[1]))
    return found


@dataclass
class Needle:
    """One injected PHI string, prepared for every way it may be searched."""

    index: int
    kind: str
    subkind: str
    value: str

    def __post_init__(self) -> None:
        folded = fold(self.value)
        self.mode = self._mode()
        if self.mode == "date":
            y, m, d = (int(x) for x in self.value.split("-"))
            self.date = (y, y % 100, m, d)
        elif self.mode == "text":
            body = r"[\s^_\-]+".join(re.escape(p) for p in re.split(r"[\s\-]+", folded))
            edge = "" if _CJK.search(folded) else r"(?<![^\W\d_])"
            tail = "" if _CJK.search(folded) else r"(?![^\W\d_])"
            self.regex = re.compile(edge + body + tail)
            # A name whose accented letters were mangled (?, mojibake) is still a leak.
            self.lossy = None
            low = self.value.casefold()
            if not low.isascii() and sum(c.isascii() and c.isalpha() for c in low) >= 4:
                lossy = "".join(re.escape(c) if c.isascii() else ".{1,4}?" for c in low)
                self.lossy = re.compile(edge + lossy + tail)
        elif self.mode == "digits_bounded":
            self.regex = re.compile(r"(?<![\d.])" + re.escape(self.value) + r"(?![\d.])")
        elif self.mode == "uid":
            self.regex = re.compile(r"(?<![\d.])" + re.escape(self.value) + r"(?!\.?\d)")
        else:
            self.key = _phone_digits(self.value) if self.kind == "phone" else alnum(self.value)

    def _mode(self) -> str:
        if self.kind == "date":
            return "date"
        if self.kind == "uid":
            return "uid"
        if self.kind in ("id", "phone"):
            return "squashed"
        if self.subkind == "zip":
            return "digits_bounded"
        return "text"

    def in_text(self, text: str, folded: str, squashed: str,
                dates: set[tuple[int | None, int, int, int]]) -> bool:
        """Whether this needle occurs in one decoded text."""
        if self.mode == "date":
            y, yy, m, d = self.date
            return any(t[1] == yy and t[2] == m and t[3] == d and t[0] in (None, y) for t in dates)
        if self.mode == "text":
            return bool(self.regex.search(folded)) or bool(
                self.lossy and self.lossy.search(text.casefold()))
        if self.mode in ("digits_bounded", "uid"):
            return bool(self.regex.search(text))
        return self.key in squashed

    def raw_forms(self, encodings: list[str]) -> list[bytes]:
        """Byte strings under which the value may sit in the file."""
        if self.mode == "date":
            y, _, m, d = self.date
            texts = [f"{y:04d}{m:02d}{d:02d}"]
        elif self.mode == "squashed":
            texts = [self.value, _phone_digits(self.value) if self.kind == "phone" else alnum(self.value)]
        else:
            texts = [self.value, self.value.upper(), self.value.lower()]
        forms: set[bytes] = set()
        for t in texts:
            for codec in ("utf-8", "latin-1"):
                try:
                    forms.add(t.encode(codec))
                except UnicodeEncodeError:
                    pass
            try:
                forms.add(encode_string(t, encodings))
            except Exception:  # noqa: BLE001 - a value the file's charset cannot hold
                pass
        return [f for f in forms if len(f) >= 4]


def needles(entries: list[dict]) -> list[Needle]:
    """Needles for a file's manifest entries."""
    return [Needle(i, e["kind"], e["subkind"], e.get("iso") or e["value"])
            for i, e in enumerate(entries)]


def _label(elem: pydicom.DataElement, ds: Dataset) -> str:
    """An element's name for reports: keyword, or tag with its private creator."""
    if elem.keyword:
        return elem.keyword
    tag = f"({elem.tag.group:04X},{elem.tag.element:04X})"
    if elem.tag.is_private and not elem.tag.is_private_creator:
        creator = ds.get((elem.tag.group << 16) | (elem.tag.element >> 8))
        if creator is not None:
            return f"{tag}[{creator.value}]"
    return tag


def _texts(ds: Dataset, encodings: list[str], prefix: str, out: list) -> None:
    """Collect (path, VR, text) for every element at any depth, forcing every value to be read."""
    for elem in ds:
        path = prefix + _label(elem, ds)
        value = elem.value  # forces conversion of raw elements: a bad value raises here
        if elem.VR == "SQ":
            for n, item in enumerate(value):
                _texts(item, encodings, f"{path}[{n}].", out)
            continue
        if elem.tag == 0x7FE00010:
            continue  # pixel bytes are covered by the raw search
        if isinstance(value, (bytes, bytearray)):
            raw = bytes(value)
            for text in (raw.decode("latin-1"), raw.decode("utf-8", "ignore"),
                         decode_bytes(raw, encodings, set())):
                out.append((path, elem.VR, text))
            continue
        if isinstance(value, (MultiValue, list, tuple)):
            text = "\\".join(str(v) for v in value)
        elif isinstance(value, PersonName):
            text = str(value)
        else:
            text = "" if value is None else str(value)
        out.append((path, elem.VR, text))


def _charset(ds: Dataset) -> list[str]:
    """Python codecs for a dataset's Specific Character Set."""
    value = ds.get("SpecificCharacterSet", "")
    return convert_encodings(list(value) if isinstance(value, MultiValue) else [value or ""])


def _top_level_offsets(path: Path) -> list[tuple[int, str]]:
    """(value offset, label) of each top-level element, to place raw-byte hits."""
    try:
        ds = pydicom.dcmread(path, force=True)
        rows = [(0, "preamble"), (128, "file_meta")]
        for tag in ds.keys():
            raw = ds.get_item(tag)
            if hasattr(raw, "value_tell"):
                rows.append((raw.value_tell, _label(ds[tag], ds)))
        return sorted(rows)
    except Exception:  # noqa: BLE001 - an unreadable file still gets its raw search
        return [(0, "?")]


@dataclass
class FileResult:
    """What the search found in one file."""

    readable: bool
    error: str
    hits: dict[int, set[str]]  # needle index -> paths where it was found


def search_file(path: Path, entries: list[dict]) -> FileResult:
    """Search one DICOM file for each manifest entry; paths name where, never what."""
    with warnings.catch_warnings():
        # Decoding arbitrary bytes under every charset makes pydicom warn; the search is the point.
        warnings.simplefilter("ignore")
        return _search_file(path, entries)


def _search_file(path: Path, entries: list[dict]) -> FileResult:
    """search_file, with pydicom's warnings already silenced."""
    wanted = needles(entries)
    hits: dict[int, set[str]] = {}
    readable, error, encodings = True, "", ["iso8859"]
    try:
        ds = pydicom.dcmread(path)
        encodings = _charset(ds)
        found: list = []
        _texts(ds.file_meta, encodings, "file_meta.", found)
        _texts(ds, encodings, "", found)
    except Exception as exc:  # noqa: BLE001 - any failure to read is the finding
        readable, error, found = False, type(exc).__name__, []
    for path_label, vr, text in found:
        folded = fold(text)
        squashed = alnum(text)
        dates = dates_in(text)
        if vr in ("DA", "DT") and len(text) >= 8 and text[:8].isdigit():
            dates |= dates_in(text[:8])
        for n in wanted:
            if n.in_text(text, folded, squashed, dates):
                hits.setdefault(n.index, set()).add(path_label)
    raw = path.read_bytes()
    raw_lower = raw.lower()
    offsets = None
    for n in wanted:
        if n.index in hits:
            continue
        for form in n.raw_forms(encodings):
            if n.mode in ("uid", "digits_bounded"):
                m = re.search(rb"(?<![\d.])" + re.escape(form) + rb"(?!\.?\d)", raw)
                at = m.start() if m else -1
            else:
                at = raw.find(form)
                if at < 0:
                    at = raw_lower.find(form.lower())
            if at >= 0:
                offsets = offsets or _top_level_offsets(path)
                label = max((o for o in offsets if o[0] <= at), default=(0, "?"))[1]
                hits.setdefault(n.index, set()).add(f"raw bytes in {label}")
                break
    return FileResult(readable, error, hits)
