"""Scan every byte of an export package for the archive's injected PHI, in every written form.

Each truth value becomes a set of patterns: names as Last^First, First Last, Last, First and each part;
IDs and phone numbers with any separators or none; dates in every common format; UIDs whole. DICOM files
are decoded element by element (file meta, nested, private and unknown elements included) and their raw
bytes are searched too; reports, tables, the card, the bag's tag files, PNG chunks and NIfTI headers are
searched as text. A hit is reported by kind, file kind, place and form, never by its value. Dates are
searched only in the files of the patient they belong to (shifted dates of one patient can fall on
another's real day), everything else everywhere.
"""

from __future__ import annotations

import csv
import functools
import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset

from tests.heldout.archive_corpus import date_forms

DATE_KINDS = ("birth_date", "study_date", "prior_date")


@dataclass(frozen=True)
class Needle:
    """One pattern for one injected value: its kind, its owner (an MRN, or None for site PHI), its form."""

    kind: str
    owner: str | None
    form: str
    pattern: re.Pattern[str]
    value: str


@dataclass(frozen=True)
class Hit:
    """A needle found: where (file kind, file, place) and in which form; the value stays out of reports."""

    kind: str
    file_kind: str
    file: str
    place: str
    form: str
    value: str


def _separated(text: str) -> str:
    """A pattern for an ID or phone number with any separators between its letter and digit runs, or none."""
    runs = re.findall(r"[A-Za-z]+|\d+", text)
    body = r"[\s\-./()_^]*".join(re.escape(r) for r in runs)
    return rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])"


def _word(text: str) -> str:
    """A pattern for a phrase as a whole word (any run of spaces, ^ or commas between its words)."""
    words = re.split(r"[\s^,]+", text.strip())
    return r"(?<![A-Za-z])" + r"[\s^,]+".join(re.escape(w) for w in words) + r"(?![A-Za-z])"


def _name_forms(value: str) -> Iterator[tuple[str, str]]:
    """Written forms of a Last^First name: both orders, and each part alone."""
    family, given = value.split("^")
    yield "Last^First", rf"(?<![A-Za-z]){re.escape(family)}\^{re.escape(given)}(?![A-Za-z])"
    yield "First Last", _word(f"{given} {family}")
    yield "Last, First", _word(f"{family} {given}")
    yield "last name alone", _word(family)
    for part in family.split("-") if "-" in family else []:
        yield "part of last name", _word(part)
    yield "first name alone", _word(given)


def _forms(kind: str, value: str) -> Iterator[tuple[str, str]]:
    """(form, regex) for every written form of a value of this kind that the scan looks for."""
    if kind.endswith("_name"):
        yield from _name_forms(value)
    elif kind in DATE_KINDS:
        for form in date_forms(value):
            yield "date " + re.sub(r"[A-Za-z]+", "Mon", re.sub(r"\d", "9", form)), \
                rf"(?<![A-Za-z0-9]){re.escape(form)}(?![A-Za-z0-9])"
    elif kind in ("mrn", "other_id", "accession", "phone"):
        yield "as written, any separators", _separated(value)
        digits = re.sub(r"\D", "", value)
        if kind != "phone" and len(digits) >= 6:
            yield "digits alone", rf"(?<!\d){digits}(?!\d)"
    elif kind == "original_uid":
        yield "UID", rf"(?<![\d.]){re.escape(value)}(?![\d])"
    else:
        yield "as written", _word(value)


def needles(truth: dict) -> list[Needle]:
    """Every pattern for every injected PHI value of the archive's truth."""
    out = []
    for owner, kinds in [*truth["patients"].items(), (None, truth["site"])]:
        for kind, values in kinds.items():
            for value in values:
                for form, pattern in _forms(kind, value):
                    out.append(Needle(kind, owner, form, re.compile(pattern, re.IGNORECASE), value))
    return out


def _element_texts(ds: Dataset, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(place, text) for every element at any depth: decoded values, and bytes read as Latin-1."""
    for elem in ds:
        tag = f"({elem.tag.group:04X},{elem.tag.element:04X})"
        name = elem.keyword or (f"private {tag}" if elem.tag.is_private else tag)
        place = f"{prefix}{name}"
        if elem.VR == "SQ":
            for n, item in enumerate(elem.value or []):
                yield from _element_texts(item, f"{place}[{n}].")
            continue
        if elem.tag == 0x7FE00010:
            continue
        value = elem.value
        if isinstance(value, (bytes, bytearray)):
            text = bytes(value).decode("latin-1")
        elif isinstance(value, (list, tuple, pydicom.multival.MultiValue)):
            text = "\\".join(str(v) for v in value)
        else:
            text = "" if value is None else str(value)
        if text:
            yield place, text


@functools.lru_cache(maxsize=256)
def _any_of(pins: tuple[Needle, ...]) -> re.Pattern[str]:
    """One pattern matching wherever any of the needles matches: most texts hold none, and are passed once."""
    return re.compile("|".join(f"(?:{n.pattern.pattern})" for n in pins), re.IGNORECASE)


def _search(texts: Iterator[tuple[str, str]], pins: tuple[Needle, ...], file_kind: str, file: str) -> list[Hit]:
    """Every needle found in every (place, text)."""
    hits = []
    screen = _any_of(pins)
    for place, text in texts:
        if not screen.search(text):
            continue
        for n in pins:
            if n.pattern.search(text):
                hits.append(Hit(n.kind, file_kind, file, place, n.form, n.value))
    return hits


def _applicable(pins: list[Needle], owner: str | None) -> tuple[Needle, ...]:
    """The needles to search a file with: dates only of its own patient (or every date when unknown)."""
    return tuple(n for n in pins if n.kind not in DATE_KINDS or owner is None or n.owner == owner)


def _printable(data: bytes) -> str:
    """The runs of four or more printable ASCII characters in binary data (text hides nowhere else), one a line."""
    return "\n".join(run.decode("latin-1") for run in re.findall(rb"[\x20-\x7e]{4,}", data))


def scan_dicom(path: Path, rel: str, pins: list[Needle], owner: str | None) -> list[Hit]:
    """Search one DICOM file's decoded elements (meta, nested, private) and then its raw bytes."""
    use = _applicable(pins, owner)
    ds = pydicom.dcmread(path, force=True)
    texts = list(_element_texts(ds.file_meta, "meta.")) + list(_element_texts(ds))
    hits = _search(iter(texts), use, "dicom", rel)
    seen = {(h.kind, h.value) for h in hits}
    raw = _printable(path.read_bytes())
    hits += [h for h in _search(iter([("raw bytes", raw)]), use, "dicom", rel) if (h.kind, h.value) not in seen]
    return hits


def scan_text(path: Path, rel: str, file_kind: str, pins: list[Needle], owner: str | None = None) -> list[Hit]:
    """Search a text file line by line."""
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return _search(((f"line {i}", line) for i, line in enumerate(lines, 1)), _applicable(pins, owner),
                   file_kind, rel)


def scan_reports(path: Path, rel: str, pins: list[Needle], owner_of_study: dict[str, str]) -> list[Hit]:
    """Search reports.jsonl line by line, each with its own patient's dates."""
    hits = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        owner = owner_of_study.get(json.loads(line).get("study", ""))
        hits += _search(iter([(f"line {i}", line)]), _applicable(pins, owner), "reports", rel)
    return hits


def scan_binary(path: Path, rel: str, file_kind: str, pins: list[Needle], owner: str | None) -> list[Hit]:
    """Search a binary file's bytes as Latin-1 (PNG chunks; NIfTI header and extensions, un-gzipped)."""
    data = path.read_bytes()
    texts = [("raw bytes", _printable(data))]
    if path.name.endswith(".gz"):
        texts.append(("gunzipped bytes", _printable(gzip.decompress(data))))
    return _search(iter(texts), _applicable(pins, owner), file_kind, rel)


def read_labels(path: Path) -> list[dict[str, str]]:
    """labels.csv as dicts."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
