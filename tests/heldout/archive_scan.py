"""Scan every byte of an export package for the archive's injected PHI, in every written form.

Each truth value becomes a set of patterns: names as Last^First, First Last, Last, First and each part;
IDs and phone numbers with any separators or none; dates in every common format; UIDs whole. DICOM files
are decoded element by element (file meta, nested, private and unknown elements included) and their raw
bytes are searched too; reports, tables, the card, the bag's tag files, PNG chunks and NIfTI headers are
searched as text; the pixels of images whose source had burned-in text are read with tesseract and
what it reads is searched too. A hit is reported by kind, file kind, place and form, never by its value. Dates are
searched only in the files of the patient they belong to (shifted dates of one patient can fall on
another's real day), everything else everywhere. The evaluation then leaves out a date that is
another of its patient's dates moved by that patient's shift (`archive_chain`).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pydicom
import pytesseract
from PIL import Image
from pydicom.dataset import Dataset

from tests.heldout.archive_corpus import MONTHS, date_forms

DATE_KINDS = ("birth_date", "study_date", "prior_date", "followup_date")


@dataclass(frozen=True)
class Needle:
    """One pattern for one injected value: its kind, its owner (an MRN, or None for site PHI), its form."""

    kind: str
    owner: str | None
    form: str
    pattern: re.Pattern[str]
    value: str
    key: str  # the form's letters and digits, lower case: the pattern can match only where these stand in order


@dataclass(frozen=True)
class Hit:
    """A needle found: where (file kind, file, place) and in which form; the value stays out of reports."""

    kind: str
    file_kind: str
    file: str
    place: str
    form: str
    value: str
    owner: str | None = None  # the needle's patient (None for site PHI)


def _separated(text: str) -> str:
    """A pattern for an ID or phone number with any separators between its letter and digit runs, or none."""
    runs = re.findall(r"[A-Za-z]+|\d+", text)
    body = r"[\s\-./()_^]*".join(re.escape(r) for r in runs)
    return rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])"


def _word(text: str) -> str:
    """A pattern for a phrase as a whole word (any run of spaces, ^ or commas between its words)."""
    words = re.split(r"[\s^,]+", text.strip())
    return r"(?<![A-Za-z])" + r"[\s^,]+".join(re.escape(w) for w in words) + r"(?![A-Za-z])"


def _name_forms(value: str) -> Iterator[tuple[str, str, str]]:
    """Written forms of a Last^First name: both orders, and each part alone."""
    family, given = value.split("^")
    yield "Last^First", rf"(?<![A-Za-z]){re.escape(family)}\^{re.escape(given)}(?![A-Za-z])", family + given
    yield "First Last", _word(f"{given} {family}"), given + family
    yield "Last, First", _word(f"{family} {given}"), family + given
    yield "last name alone", _word(family), family
    for part in family.split("-") if "-" in family else []:
        yield "part of last name", _word(part), part
    yield "first name alone", _word(given), given


def _forms(kind: str, value: str) -> Iterator[tuple[str, str, str]]:
    """(form, regex, literal) for every written form of a value of this kind that the scan looks for."""
    if kind.endswith("_name"):
        yield from _name_forms(value)
    elif kind in DATE_KINDS:
        for form in date_forms(value):
            yield "date " + _shape(form), \
                rf"(?<![A-Za-z0-9]){re.escape(form)}(?![A-Za-z0-9])", form
    elif kind in ("mrn", "other_id", "accession", "phone"):
        yield "as written, any separators", _separated(value), value
        digits = re.sub(r"\D", "", value)
        if kind != "phone" and len(digits) >= 6:
            yield "digits alone", rf"(?<!\d){digits}(?!\d)", digits
    elif kind == "original_uid":
        yield "UID", rf"(?<![\d.]){re.escape(value)}(?![\d])", value
    else:
        yield "as written", _word(value), value


def _shape(date: str) -> str:
    """A written date's shape, no value: digits as 9, month names as Month or MON."""
    shape = re.sub(r"\d", "9", date)
    for month in MONTHS:
        shape = shape.replace(month, "Month").replace(month[:3].upper(), "MON")
    return shape


def _compact(text: str) -> str:
    """Letters and digits only, lower case."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


class Needles:
    """Every pattern for every injected value; a file's texts are tried only against the needles whose
    letters and digits stand, in order, somewhere in the file (a cheap screen before the patterns)."""

    def __init__(self, truth: dict) -> None:
        """Build the patterns from the archive's truth."""
        self.all: list[Needle] = []
        for owner, kinds in [*truth["patients"].items(), (None, truth["site"])]:
            for kind, values in kinds.items():
                for value in values:
                    for form, pattern, literal in _forms(kind, value):
                        self.all.append(Needle(kind, owner, form, re.compile(pattern, re.IGNORECASE), value,
                                               _compact(literal)))

    def kinds(self) -> list[str]:
        """The kinds of PHI injected."""
        return sorted({n.kind for n in self.all})

    def search(self, texts: Iterator[tuple[str, str]], owner: str | None, file_kind: str, file: str) -> list[Hit]:
        """Every needle found in every (place, text): dates only of the file's own patient (all when unknown)."""
        texts = list(texts)
        whole = _compact("\n".join(text for _, text in texts))
        candidates = [n for n in self.all if n.key in whole
                      and (n.kind not in DATE_KINDS or owner is None or n.owner == owner)]
        hits = []
        for place, text in texts:
            for n in candidates:
                if n.pattern.search(text):
                    hits.append(Hit(n.kind, file_kind, file, place, n.form, n.value, n.owner))
        return hits


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


def _printable(data: bytes) -> str:
    """The runs of four or more printable ASCII characters in binary data (text hides nowhere else), one a line."""
    return "\n".join(run.decode("latin-1") for run in re.findall(rb"[\x20-\x7e]{4,}", data))


def scan_dicom(path: Path, rel: str, pins: Needles, owner: str | None) -> list[Hit]:
    """Search one DICOM file's decoded elements (meta, nested, private) and then its raw bytes."""
    ds = pydicom.dcmread(path, force=True)
    texts = list(_element_texts(ds.file_meta, "meta.")) + list(_element_texts(ds))
    hits = pins.search(iter(texts), owner, "dicom", rel)
    seen = {(h.kind, h.value) for h in hits}
    raw = pins.search(iter([("raw bytes", _printable(_without_pixel_data(path.read_bytes())))]), owner, "dicom", rel)
    return hits + [h for h in raw if (h.kind, h.value) not in seen]


def _without_pixel_data(data: bytes) -> bytes:
    """A DICOM file's bytes without its native Pixel Data value (random pixels spell random words; burned-in
    text is read by OCR instead); encapsulated pixel data is kept (compressed streams carry comment segments)."""
    start = max(data.rfind(b"\xe0\x7f\x10\x00OW"), data.rfind(b"\xe0\x7f\x10\x00OB"))
    if start < 0:
        return data
    length = int.from_bytes(data[start + 8:start + 12], "little")
    return data if length == 0xFFFFFFFF else data[:start] + data[start + 12 + length:]


def scan_text(path: Path, rel: str, file_kind: str, pins: Needles, owner: str | None = None) -> list[Hit]:
    """Search a text file line by line."""
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return pins.search(((f"line {i}", line) for i, line in enumerate(lines, 1)), owner, file_kind, rel)


def scan_reports(path: Path, rel: str, pins: Needles, owner_of_study: dict[str, str]) -> list[Hit]:
    """Search reports.jsonl line by line, each with its own patient's dates."""
    hits = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        owner = owner_of_study.get(json.loads(line).get("study", ""))
        hits += pins.search(iter([(f"line {i}", line)]), owner, "reports", rel)
    return hits


def _gzip_header(data: bytes) -> bytes:
    """A gzip member's header with its optional extra field, file name and comment (RFC 1952 2.3)."""
    flags, pos = data[3], 10
    if flags & 4:
        pos += 2 + int.from_bytes(data[pos:pos + 2], "little")
    for bit in (8, 16):
        if flags & bit:
            pos = data.index(b"\0", pos) + 1
    return data[:pos]


def _nifti_header(data: bytes) -> bytes:
    """A NIfTI-1 or -2 file's header and extensions: everything before the voxels."""
    if int.from_bytes(data[:4], "little") == 540:
        return data[:int.from_bytes(data[168:176], "little")]
    return data[:int(struct.unpack("<f", data[108:112])[0])]


def _png_text(data: bytes) -> str:
    """Every PNG chunk but the image data, compressed text chunks inflated (RFC 2083, PNG 1.2)."""
    texts, pos = [], 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"zTXt":
            body = body[:body.index(b"\0")] + b" " + zlib.decompress(body[body.index(b"\0") + 2:])
        elif kind == b"iTXt" and body[body.index(b"\0") + 1] == 1:
            keyword, rest = body.split(b"\0", 1)
            body = keyword + b" " + zlib.decompress(rest[2:].split(b"\0", 2)[2])
        if kind != b"IDAT":
            texts.append(kind.decode("latin-1") + " " + _printable(body))
        pos += 12 + length
    return "\n".join(texts)


def scan_binary(path: Path, rel: str, file_kind: str, pins: Needles, owner: str | None) -> list[Hit]:
    """Search a PNG's chunks other than its image data, or a NIfTI's gzip header, header and extensions
    (compressed or random voxel bytes spell random words, so they are not searched as text)."""
    data = path.read_bytes()
    if file_kind == "png":
        texts = [("PNG chunks", _png_text(data))]
    else:
        texts = [("gzip header", _printable(_gzip_header(data))),
                 ("NIfTI header and extensions", _printable(_nifti_header(gzip.decompress(data))))]
    return pins.search(iter(texts), owner, file_kind, rel)


def _ocr(pixels: np.ndarray) -> str:
    """What tesseract reads in an image scaled to 8 bits and enlarged three times (small burned-in text)."""
    frame = pixels[0] if pixels.ndim == 3 and pixels.shape[-1] not in (3, 4) else pixels
    frame = frame.astype(float)
    frame = (255 * (frame - frame.min()) / max(1.0, float(np.ptp(frame)))).astype(np.uint8)
    image = Image.fromarray(frame)
    return pytesseract.image_to_string(image.resize((image.width * 3, image.height * 3)))


def scan_pixels(path: Path, rel: str, file_kind: str, pins: Needles, owner: str | None) -> list[Hit]:
    """Search the text tesseract reads in a DICOM file's first frame or a PNG (burned-in PHI left readable)."""
    if file_kind == "dicom":
        pixels = pydicom.dcmread(path).pixel_array
    else:
        with Image.open(path) as image:
            pixels = np.asarray(image.convert("L"))
    return pins.search(iter([("pixels (OCR)", _ocr(pixels))]), owner, file_kind, rel)


def read_labels(path: Path) -> list[dict[str, str]]:
    """labels.csv as dicts."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
