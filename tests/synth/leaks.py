"""Leak and reference checks for de-identified output, scored against known synthetic PHI.

`find_leaks` reads every file under an output folder and reports where any known PHI value still
appears: in DICOM elements (recursively, including private elements, nested sequences and file
meta), in the raw bytes of the file outside the pixel data (which catches preambles and anything a
parser skips), and in the file's relative path. Leak reports never contain the PHI value, only
its kind and a short hash, because they are written to logs.

`find_unresolved_references` checks that every UID reference in the output points at an
instance, series, study or frame of reference that is present in the output.
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
import pydicom
from pydicom.datadict import keyword_for_tag
from pydicom.dataset import Dataset
from pydicom.tag import BaseTag, Tag
from pydicom.uid import UID_dictionary

from .phi import DATE, IDENTIFIER, PERSON_NAME, PHONE, UID, PhiValue, phi_digest

__all__ = [
    "Leak",
    "PhiValue",
    "UnresolvedReference",
    "find_leaks",
    "find_unresolved_references",
    "iter_references",
    "tag_segment",
]

# Pixel data is excluded from raw scans: compressed bytes can contain anything and burned-in text
# is not a byte-level problem (a pipeline handles it by quarantine or OCR).
PIXEL_TAGS = frozenset({Tag(0x7FE0, 0x0010), Tag(0x7FE0, 0x0008), Tag(0x7FE0, 0x0009)})

# Match strength, strongest first; one leak is kept per (file, location, value).
_MATCH_RANK = {"value": 0, "name_form": 1, "digits": 2, "name_component": 3}

_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_DIGITS = frozenset(b"0123456789")
_UID_CHARS = frozenset(b"0123456789.")


@dataclass(frozen=True, order=True)
class Leak:
    """One PHI value found in output. str()/repr() carry a hash, never the value."""

    file: str
    location: str
    kind: str
    match: str
    digest: str
    patient: str | None = None
    offset: int | None = field(default=None, compare=False)
    path_has_phi: bool = field(default=False, compare=False)  # then str() hides the path too

    def __str__(self) -> str:
        where = f"{self.location}@{self.offset}" if self.offset is not None else self.location
        owner = f" patient={self.patient}" if self.patient else ""
        shown = f"<path #{phi_digest(self.file)}>" if self.path_has_phi else self.file
        return f"{shown} [{where}] {self.kind} #{self.digest} ({self.match}){owner}"

    def __repr__(self) -> str:
        return f"Leak({self})"


@dataclass(frozen=True, order=True)
class UnresolvedReference:
    """A UID reference in output whose target is not in the output set (or an inconsistency)."""

    file: str
    location: str
    type: str
    uid: str


# --------------------------------------------------------------------------- tag paths
def tag_segment(tag: BaseTag | int, ds: Dataset | None = None) -> str:
    """Return the path segment naming one element: keyword, `private:CREATOR:gggg,eeee` or `(gggg,eeee)`."""
    tag = Tag(tag)
    group, elem = tag.group, tag.element
    if tag.is_private:
        if 0x0010 <= elem <= 0x00FF or elem == 0:
            return f"({group:04X},{elem:04X})"  # creator/length elements carry no data
        creator = "?"
        if ds is not None:
            creator_tag = Tag(group, elem >> 8)
            if creator_tag in ds:
                creator = _text(ds[creator_tag].value).strip() or "?"
        return f"private:{creator}:{group:04X},{elem:04X}"
    keyword = keyword_for_tag(tag)
    if not keyword:
        return f"({group:04X},{elem:04X})"
    if 0x5000 <= group <= 0x50FF or 0x6000 <= group <= 0x60FF:
        return f"{keyword}@{group:04X}"  # repeating groups: keyword alone is ambiguous
    return keyword


def _text(value: Any) -> str:
    """Render an element value as searchable text."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return "\\".join(_text(v) for v in value)
    return str(value)


_ITEM_TAG_LE = b"\xfe\xff\x00\xe0"


def _items(elem: Any) -> list[Dataset] | None:
    """Return the items of a sequence, including private sequences that arrived as UN bytes."""
    if elem.VR == "SQ":
        return list(elem.value or ())
    value = elem.value
    if elem.VR == "UN" and isinstance(value, (bytes, bytearray)) and bytes(value[:4]) == _ITEM_TAG_LE:
        # Implicit-VR files carry unknown private sequences as UN; PHI hides inside them.
        try:
            from pydicom.filereader import read_sequence

            return list(read_sequence(BytesIO(bytes(value)), True, True, len(value), "iso8859"))
        except Exception:
            return None
    return None


def _iter_texts(ds: Dataset, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Yield (path, text) for every non-pixel element, recursing into sequences."""
    for elem in ds:
        if elem.tag in PIXEL_TAGS:
            continue
        path = prefix + tag_segment(elem.tag, ds)
        items = _items(elem)
        if items is not None:
            for i, item in enumerate(items):
                yield from _iter_texts(item, f"{path}[{i}].")
            continue
        try:
            text = _text(elem.value)
        except Exception:  # a malformed value must not stop the scan; the raw pass still covers it
            continue
        if text:
            yield path, text


# --------------------------------------------------------------------------- needles
@dataclass(frozen=True)
class _Needle:
    text: bytes  # lower-case
    mode: str  # "substring" | "word" | "digits" | "uid"
    match: str


def _needles(pv: PhiValue) -> list[_Needle]:
    value = pv.value.strip()
    out: list[_Needle] = []
    if pv.kind == DATE:
        out.append(_Needle(value.lower().encode(), "digits" if value.isdigit() else "substring", "value"))
    elif pv.kind == UID:
        # A UID must not count as found inside a longer UID it happens to prefix.
        out.append(_Needle(value.encode(), "uid", "value"))
    elif pv.kind == PERSON_NAME:
        # A lone name ("Whitfield") must match as a word, a full name anywhere.
        single = re.fullmatch(r"[A-Za-z'-]+", value) is not None
        out.append(_Needle(value.lower().encode(), "word" if single else "substring", "value"))
        if "^" in value:
            parts = value.split("^")
            family, given = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
            if family and given:
                for form in (f"{family}^{given}", f"{given} {family}", f"{family}, {given}"):
                    out.append(_Needle(form.lower().encode(), "substring", "name_form"))
        for comp in re.split(r"[^A-Za-z'-]+", value):
            if len(comp) >= 4:
                out.append(_Needle(comp.lower().encode(), "word", "name_component"))
    else:
        out.append(_Needle(value.lower().encode(), "substring", "value"))
        digits = re.sub(r"\D", "", value)
        # Phone numbers and SSN-like IDs also leak as bare digits.
        if pv.kind in (PHONE, IDENTIFIER) and len(digits) >= 9 and digits != value:
            out.append(_Needle(digits.encode(), "digits", "digits"))
    seen: set[bytes] = set()
    unique = []
    for n in out:
        if len(n.text) >= 4 and n.text not in seen:
            seen.add(n.text)
            unique.append(n)
    return unique


def _find_all(haystack: bytes, needle: _Needle) -> Iterator[int]:
    """Yield every offset where the needle occurs under its boundary rule."""
    start = 0
    n = len(needle.text)
    stop = {"digits": _DIGITS, "uid": _UID_CHARS, "word": _ALNUM}.get(needle.mode)
    while True:
        pos = haystack.find(needle.text, start)
        if pos < 0:
            return
        start = pos + 1
        if stop is not None:
            before = haystack[pos - 1] if pos > 0 else None
            after = haystack[pos + n] if pos + n < len(haystack) else None
            if before in stop or after in stop:
                continue
        yield pos


def _occurs(haystack: bytes, needle: _Needle) -> int:
    """Return the first offset where the needle occurs under its boundary rule, or -1."""
    return next(_find_all(haystack, needle), -1)


class _Index:
    """Needles indexed by their first four bytes so each file is scanned once, not once per value."""

    def __init__(self, phi_values: Iterable[PhiValue]) -> None:
        self.owners: dict[_Needle, list[PhiValue]] = defaultdict(list)
        for pv in phi_values:
            if not pv.search or not pv.value or not pv.value.strip():
                continue
            for needle in _needles(pv):
                self.owners[needle].append(pv)
        self.by_gram: dict[int, list[_Needle]] = defaultdict(list)
        for needle in self.owners:
            self.by_gram[int.from_bytes(needle.text[:4], "big")].append(needle)
        self.keys = np.array(sorted(self.by_gram), dtype=np.uint32)

    def candidates(self, blob: bytes) -> list[_Needle]:
        """Return the needles that occur in a blob (under their boundary rules)."""
        if not self.by_gram or len(blob) < 4:
            return []
        # Every 4-byte window of the blob as one integer, vectorised: a few microseconds per KB.
        b = np.frombuffer(blob, dtype=np.uint8).astype(np.uint32)
        grams = (b[:-3] << 24) | (b[1:-2] << 16) | (b[2:-1] << 8) | b[3:]
        found: list[_Needle] = []
        for gram in np.intersect1d(grams, self.keys, assume_unique=False).tolist():
            found.extend(n for n in self.by_gram[gram] if _occurs(blob, n) >= 0)
        return found


# --------------------------------------------------------------------------- file reading
def _read_dicom(data: bytes, *, stop_before_pixels: bool = False) -> Dataset | None:
    """Parse bytes as DICOM if they look like DICOM; None for anything else.

    Values are decoded lazily, so callers walk the dataset under `warnings.catch_warnings`.
    """
    if len(data) < 132 or data[128:132] != b"DICM":
        return None
    try:
        return pydicom.dcmread(BytesIO(data), force=True, stop_before_pixels=stop_before_pixels)
    except Exception:  # truncated or corrupt: fall back to the raw-bytes scan
        return None


def _mask_pixels(data: bytes, ds: Dataset) -> bytes:
    """Return the file bytes with top-level pixel data values removed."""
    spans = []
    for tag in PIXEL_TAGS:
        if tag not in ds:
            continue
        raw = ds.get_item(tag)
        tell = getattr(raw, "value_tell", None)
        value = getattr(raw, "value", None)
        if tell is not None and value is not None:
            spans.append((tell, tell + len(value)))
    if not spans:
        return data
    out, last = bytearray(), 0
    for start, end in sorted(spans):
        out += data[last:start]
        last = max(last, end)
    out += data[last:]
    return bytes(out)


def _iter_files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


# --------------------------------------------------------------------------- find_leaks
def find_leaks(output_root: Path, phi_values: Iterable[PhiValue], *, check_paths: bool = True) -> list[Leak]:
    """Return every place under output_root where a searchable PHI value still appears."""
    output_root = Path(output_root)
    index = _Index(phi_values)
    base = output_root if output_root.is_dir() else output_root.parent
    leaks: dict[tuple[str, str, str], Leak] = {}

    def add(leak: Leak) -> None:
        """Keep the strongest match per (file, location, value)."""
        key = (leak.file, leak.location, leak.digest)
        old = leaks.get(key)
        if old is None or _MATCH_RANK[leak.match] < _MATCH_RANK[old.match]:
            leaks[key] = leak

    for path in _iter_files(output_root):
        rel = path.relative_to(base).as_posix()
        data = path.read_bytes()
        path_text = rel.lower().encode("utf-8", "replace") if check_paths else b""
        # Cheap first pass over the whole file: most clean outputs stop here without being parsed.
        if not index.candidates(data.lower() + b"\n" + path_text):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid values in damaged files are expected here
            ds = _read_dicom(data)
            raw = (_mask_pixels(data, ds) if ds is not None else data).lower()
            hits = index.candidates(raw + b"\n" + path_text)
            if not hits:
                continue
            texts: list[tuple[str, bytes]] = []
            if ds is not None:
                # The 128-byte preamble is free for the writer's use and no parser looks at it.
                texts.append(("preamble", raw[:128]))
                meta = getattr(ds, "file_meta", None)
                if meta is not None:
                    texts += [(p, t.lower().encode("utf-8", "replace")) for p, t in _iter_texts(meta)]
                texts += [(p, t.lower().encode("utf-8", "replace")) for p, t in _iter_texts(ds)]
        in_path = {n for n in hits if path_text and _occurs(path_text, n) >= 0}
        hide = bool(in_path)  # a path that leaks must not be printed either
        # One search per needle over all element texts joined by NULs, mapped back by offset.
        starts, position = [], 0
        for _, text in texts:
            starts.append(position)
            position += len(text) + 1
        joined = b"\0".join(text for _, text in texts)
        for needle in hits:
            owners = index.owners[needle]
            located = False
            for i in sorted({bisect_right(starts, pos) - 1 for pos in _find_all(joined, needle)}):
                located = True
                for pv in owners:
                    add(Leak(rel, texts[i][0], pv.kind, needle.match, pv.digest, pv.patient, None, hide))
            if needle in in_path:
                located = True
                for pv in owners:
                    add(Leak(rel, "<path>", pv.kind, needle.match, pv.digest, pv.patient, None, hide))
            offset = _occurs(raw, needle)
            if not located and offset >= 0:
                # Only in bytes no parsed element explains: broken files, non-DICOM, odd encodings.
                for pv in owners:
                    add(Leak(rel, "raw", pv.kind, needle.match, pv.digest, pv.patient, offset, hide))
    return sorted(leaks.values())


# --------------------------------------------------------------------------- references
# Referenced SOP classes whose instance UID names a study rather than a stored object.
_STUDY_REFERENCE_CLASSES = frozenset({"1.2.840.10008.3.1.2.3.1", "1.2.840.10008.3.1.2.3.2"})
_STUDY_SEQUENCES = frozenset({"ReferencedStudySequence", "RTReferencedStudySequence"})
_FOR_KEYWORDS = frozenset({"ReferencedFrameOfReferenceUID", "RelatedFrameOfReferenceUID", "SourceFrameOfReferenceUID"})


def _is_stored_object_class(uid: str) -> bool:
    # MPPS, patient/study management and the like never exist as files, so they cannot resolve.
    if uid not in UID_dictionary:
        return True  # private or unknown SOP class: assume a stored object
    return "Storage" in UID_dictionary[uid][0]


def iter_references(
    ds: Dataset, prefix: str = "", depth: int = 0, sequence: str = ""
) -> Iterator[tuple[str, str, str]]:
    """Yield (path, type, uid) for every UID reference; type: instance/series/study/frame_of_reference/external."""
    for elem in ds:
        segment = tag_segment(elem.tag, ds)
        path = prefix + segment
        items = _items(elem)
        if items is not None:
            for i, item in enumerate(items):
                yield from iter_references(item, f"{path}[{i}].", depth + 1, segment)
            continue
        keyword = elem.keyword
        if elem.VR != "UI" or not elem.value or elem.tag.is_private:
            continue
        values = [str(v) for v in elem.value] if elem.VM > 1 else [str(elem.value)]
        for uid in values:
            if keyword == "ReferencedSOPInstanceUID":
                cls = str(ds.get("ReferencedSOPClassUID", "") or "")
                if sequence in _STUDY_SEQUENCES or cls in _STUDY_REFERENCE_CLASSES:
                    yield path, "study", uid
                elif cls and not _is_stored_object_class(cls):
                    yield path, "external", uid
                else:
                    yield path, "instance", uid
            elif depth > 0 and keyword == "SeriesInstanceUID":
                yield path, "series", uid
            elif depth > 0 and keyword == "StudyInstanceUID":
                yield path, "study", uid
            elif keyword in _FOR_KEYWORDS or (depth > 0 and keyword == "FrameOfReferenceUID"):
                yield path, "frame_of_reference", uid


def _manifest_dict(manifest: Any) -> Mapping[str, Any] | None:
    if manifest is None:
        return None
    data = getattr(manifest, "data", manifest)
    return data if isinstance(data, Mapping) else None


def find_unresolved_references(
    output_root: Path,
    manifest: Any = None,
    uid_map: Mapping[str, str] | None = None,
) -> list[UnresolvedReference]:
    """Return references in output that do not resolve within the output set.

    References that already dangled in the input (the manifest marks them `resolves: false`) are
    ignored; pass `uid_map` (original UID -> output UID) if the pipeline remapped them. Also
    reported: file meta that disagrees with SOPInstanceUID, and series split across frames of
    reference.
    """
    output_root = Path(output_root)
    base = output_root if output_root.is_dir() else output_root.parent
    targets: dict[str, set[str]] = {"instance": set(), "series": set(), "study": set(), "frame_of_reference": set()}
    pending: list[tuple[str, str, str, str]] = []
    problems: list[UnresolvedReference] = []
    series_for: dict[str, set[str]] = defaultdict(set)
    series_file: dict[str, str] = {}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid values in damaged files are expected here
        for path in _iter_files(output_root):
            data = path.read_bytes()
            ds = _read_dicom(data, stop_before_pixels=True)
            if ds is None:
                continue
            rel = path.relative_to(base).as_posix()
            refs = [(where, kind, uid) for where, kind, uid in iter_references(ds) if kind != "external"]
            sop = str(ds.get("SOPInstanceUID", "") or "")
            series = str(ds.get("SeriesInstanceUID", "") or "")
            frame = str(ds.get("FrameOfReferenceUID", "") or "")
            for key, value in (
                ("instance", sop),
                ("series", series),
                ("study", str(ds.get("StudyInstanceUID", "") or "")),
                ("frame_of_reference", frame),
            ):
                if value:
                    targets[key].add(value)
            meta_sop = str(getattr(ds, "file_meta", Dataset()).get("MediaStorageSOPInstanceUID", "") or "")
            if meta_sop and sop and meta_sop != sop:
                problems.append(
                    UnresolvedReference(rel, "MediaStorageSOPInstanceUID", "media_storage_mismatch", meta_sop)
                )
            if series and frame:
                series_for[series].add(frame)
                series_file.setdefault(series, rel)
            pending.extend((rel, where, kind, uid) for where, kind, uid in refs)

    tolerated: set[str] = set()
    data = _manifest_dict(manifest)
    if data is not None:
        for record in data.get("files", ()):
            for ref in record.get("references", ()):
                if not ref.get("resolves", True):
                    tolerated.add(ref["uid"])
                    if uid_map and ref["uid"] in uid_map:
                        tolerated.add(uid_map[ref["uid"]])

    for rel, where, kind, uid in pending:
        if uid not in targets[kind] and uid not in tolerated:
            problems.append(UnresolvedReference(rel, where, kind, uid))
    for series, frames in series_for.items():
        if len(frames) > 1:
            problems.append(
                UnresolvedReference(series_file[series], "FrameOfReferenceUID", "frame_of_reference_split", series)
            )
    return sorted(problems)


def digest(value: str) -> str:
    """Return the hash used in Leak.digest for a raw value (for matching reports to ground truth)."""
    return phi_digest(value)
