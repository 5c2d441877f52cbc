"""One DICOM file's header to the plain values the index keeps (read in worker processes, written by one)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..dicom.errors import NotDicom, UnreadableDicom
from ..dicom.headers import read_header
from ..dicom.values import text_of
from ..pixels.risk import RISK_TAGS, burned_in_risk, unlabelled_projection

TAGS = {
    "sop_class_uid": 0x00080016, "sop_instance_uid": 0x00080018, "study_date": 0x00080020,
    "accession": 0x00080050, "modality": 0x00080060, "manufacturer": 0x00080070, "patient_name": 0x00100010,
    "patient_id": 0x00100020, "issuer": 0x00100021, "birth_date": 0x00100030, "sex": 0x00100040,
    "patient_age": 0x00101010, "body_part": 0x00180015, "study_uid": 0x0020000D, "series_uid": 0x0020000E,
    "number_of_frames": 0x00280008,
}
READ_TAGS = frozenset(TAGS.values()) | RISK_TAGS
REQUIRED = ("sop_instance_uid", "study_uid", "series_uid")
UID_MAX = 64
CODE_LIMITS = {"modality": 16, "sex": 16, "body_part": 64, "manufacturer": 64}


@dataclass(frozen=True)
class InstanceRecord:
    """What the index keeps of one instance; identifying values here are sealed before they are stored."""

    location: str
    transfer_syntax: str
    sop_instance_uid: str
    sop_class_uid: str
    study_uid: str
    series_uid: str
    patient_id: str
    issuer: str  # of the patient ID
    patient_name: str
    birth_date: str
    sex: str
    patient_age: str
    accession: str
    study_date: str
    modality: str
    body_part: str
    manufacturer: str
    number_of_frames: int
    burned_in_reason: str | None


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one input file; `reason` never holds a value from the file."""

    path: str
    status: str  # indexed | updated | skipped | unreadable
    reason_code: str = ""
    reason: str = ""
    record: InstanceRecord | None = None


def describe_file(path: Path) -> FileOutcome:
    """Read one file's header into an InstanceRecord; never raises for bad input."""
    try:
        header = read_header(path, READ_TAGS)
        values = {name: text_of(header.dataset, tag).strip() for name, tag in TAGS.items()}
        # At risk as a pixel-cleaning profile sees it: radiographs that do not say NO are read too.
        reason = burned_in_risk(header.dataset) or unlabelled_projection(header.dataset)
    except NotDicom as exc:
        return FileOutcome(str(path), "skipped", NotDicom.code, str(exc))
    except UnreadableDicom as exc:
        return FileOutcome(str(path), "unreadable", exc.code, exc.message)
    except OSError as exc:
        return FileOutcome(str(path), "unreadable", "unreadable", f"cannot read the file ({exc.strerror})")
    except Exception as exc:  # a damaged value pydicom cannot convert; its message may quote the value
        return FileOutcome(str(path), "unreadable", "unreadable",
                           f"an element could not be read ({type(exc).__name__})")
    missing = [name for name in REQUIRED if not values[name]]
    if missing:
        return FileOutcome(str(path), "unreadable", "missing_uid", "no " + ", no ".join(missing).replace("_", " "))
    if any(len(values[name]) > UID_MAX for name in (*REQUIRED, "sop_class_uid")):
        return FileOutcome(str(path), "unreadable", "invalid_uid", f"a UID longer than {UID_MAX} characters")
    for name, limit in CODE_LIMITS.items():  # PS3.5 6.2: CS 16, LO 64 characters; longer is malformed
        values[name] = values[name][:limit]
    frames = values.pop("number_of_frames")
    record = InstanceRecord(location=os.path.abspath(path), transfer_syntax=header.transfer_syntax,
                            number_of_frames=int(frames) if frames.isdigit() and int(frames) > 0 else 1,
                            burned_in_reason=reason, **values)
    return FileOutcome(str(path), "read", record=record)
