"""A profile shown on one demo file: the header before (values masked to their shape) and after, and the pixels
before (with the boxes the cleaner masked outlined) and after. The file goes through the same de-identification
entry point as every other file; nothing is written to disk but a temporary folder removed at once.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from io import BytesIO

import pydicom
from pydicom.datadict import keyword_for_tag
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

from ..deid.batch import FileDeidentifier
from ..demo.archive import CORPUS_DIRNAME, TEMPLATES, UID_PREFIX
from ..demo.images import Templates, burned_in_frame, put_ultrasound_frame
from ..dicom.policy import Policy, describe_action
from ..identity import IdentityKeys
from ..pixels.frames import UndecodablePixels, decode
from ..pixels.ink import union
from ..pixels.preview import preview_png
from ..profiles.loader import Profile

DEMO_ARCHIVE = "demo-archive"
ULTRASOUND_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.6.1"
SHOWN_LENGTH = 64
BINARY_VRS = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "UN"})
SAMPLE_TIME_LIMIT = 120.0  # seconds: OCR of one small file, with its verification readings
_CACHE: dict[tuple, "Sample"] = {}
_CACHE_SIZE = 8


@dataclass(frozen=True)
class HeaderRow:
    """One top-level attribute before and after: the before value only as its shape."""

    tag: str
    keyword: str
    before: str
    action: str
    after: str


@dataclass(frozen=True)
class Sample:
    """What a profile did to the sample file."""

    source: str  # what the file is, for the page ("demo archive: US, burned-in text")
    status: str  # ok | quarantined
    reason: str | None
    rows: tuple[HeaderRow, ...]
    boxes: int
    before_png: bytes | None
    after_png: bytes | None


def shape(value: str) -> str:
    """Return a value's shape: upper-case letters as X, other letters x, digits 9, everything else as it is."""
    return "".join("X" if c.isupper() else "x" if c.isalpha() else "9" if c.isdigit() else c for c in value)


def sample_file(instance_path: Path, scratch: Path) -> tuple[bytes, str]:
    """Return a demo archive ultrasound with burned-in text (else a synthetic one) and its label."""
    corpus = instance_path / DEMO_ARCHIVE / CORPUS_DIRNAME
    for path in sorted(corpus.rglob("*.dcm")) if corpus.is_dir() else ():
        if str(pydicom.dcmread(path, stop_before_pixels=True, force=True).get("Modality", "")) == "US":
            return path.read_bytes(), "demo archive: US with burned-in text"
    ds = Templates(TEMPLATES, UID_PREFIX + "1").load("CT")
    ds.PatientName, ds.PatientID, ds.StudyDate = "SAMPLE^PATIENT", "SAMPLE0042", "20200102"
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = ULTRASOUND_IMAGE_STORAGE
    put_ultrasound_frame(ds, burned_in_frame(["SAMPLE PATIENT", "SAMPLE0042", "01/02/2020"]))
    buffer = BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue(), "synthetic ultrasound with burned-in text, made for this page"


def run_sample(profile: Profile, keys: IdentityKeys, instance_path: Path) -> Sample:
    """Return the sample under `profile` (computed once per profile version, file and key in this process)."""
    with tempfile.TemporaryDirectory(prefix="cleanroom-sample-") as scratch:
        data, label = sample_file(instance_path, Path(scratch))
        cache_key = (profile.hash, keys, hash(data))
        if cache_key not in _CACHE:
            if len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[cache_key] = _deidentify(profile, keys, data, label, Path(scratch))
        return _CACHE[cache_key]


def _deidentify(profile: Profile, keys: IdentityKeys, data: bytes, label: str, scratch: Path) -> Sample:
    policy = Policy(profile)
    worker = FileDeidentifier(policy, keys, None, scratch / "quarantine", SAMPLE_TIME_LIMIT)
    result, outcome = worker.process_bytes(data, "sample", write=False)
    before = pydicom.dcmread(BytesIO(data), force=True)
    after = pydicom.dcmread(BytesIO(result.data), force=True) if result is not None else None
    boxes = _merged([box[1:5] for box in (result.masked if result is not None else ()) if box[0] == 0])
    return Sample(label, "ok" if result is not None else "quarantined", None if result else outcome.reason,
                  tuple(_rows(policy, before, after)), len(boxes), _png(before, boxes),
                  _png(after, ()) if after is not None else None)


def _merged(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Return the boxes with overlapping ones joined: the readings of one line of text become one region."""
    regions: list[tuple[int, int, int, int]] = []
    for box in boxes:
        while True:
            touching = next((r for r in regions if r[0] < box[2] and box[0] < r[2] and r[1] < box[3] and box[1] < r[3]),
                            None)
            if touching is None:
                break
            regions.remove(touching)
            box = union(box, touching)
        regions.append(box)
    return regions


def _rows(policy: Policy, before: Dataset, after: Dataset | None) -> list[HeaderRow]:
    rows = []
    for element in before:
        tag = int(element.tag)
        if element.keyword == "PixelData":
            continue
        if (tag >> 16) & 1:
            action = "private: " + ("safe ones kept" if policy.safe_private is not None else "removed")
        else:
            action = describe_action(policy.action(tag) or "K")
        shown_after = _value(after[tag]) if after is not None and tag in after else "—"
        rows.append(HeaderRow(_tag(tag), element.keyword or keyword_for_tag(tag) or "(private)",
                              _value(element, masked=True), action, shown_after if after is not None else ""))
    for element in after or ():
        if int(element.tag) not in before and element.keyword != "PixelData":
            rows.append(HeaderRow(_tag(int(element.tag)), element.keyword, "—", "added", _value(element)))
    return rows


def _value(element, masked: bool = False) -> str:
    if element.VR == "SQ":
        return f"{len(element.value)} item(s)"
    if element.VR in BINARY_VRS:
        return f"{len(element.value or b'')} bytes"
    value = element.value
    text = "\\".join(map(str, value)) if isinstance(value, (list, tuple, MultiValue)) else str(value or "")
    text = shape(text) if masked else text
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH - 1] + "…"


def _png(ds: Dataset | None, boxes) -> bytes | None:
    if ds is None:
        return None
    try:
        return preview_png(decode(ds), boxes)
    except UndecodablePixels:
        return None


def _tag(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"
