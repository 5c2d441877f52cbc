"""Held-out adversarial DICOM corpus: synthetic PHI hidden where devices and people put it.

Written without reading the de-identifier, so that the corpus does not fit its rules. Every
file is built from scratch with pydicom; every name, ID, address and phone number is invented
here. The ground truth (each injected PHI string with its kind) goes to a JSON manifest that is
only ever read by the scorer, never printed.

Usage: python -m tests.heldout.dicom_corpus OUT_DIR --files 300 --seed 9001
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydicom.charset import convert_encodings, encode_string
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_dataset
from pydicom.sequence import Sequence
from pydicom.uid import (
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
)

from tests.heldout.synthetic_names import (
    ASCII_FAMILY, ASCII_GIVEN, CHINESE, CITIES, CYRILLIC, GREEK, JAPANESE, KOREAN, LATIN1_FAMILY,
    LATIN1_GIVEN, LATIN_EXT_FAMILY, LATIN_EXT_GIVEN, MONTHS, STAFF, STATES, STREET_TYPES, STREETS,
)

MANIFEST_NAME = "manifest.json"
ROOT = "1.3.6.1.4.1.99999.41"  # invented root: every UID below it names the MRN digits

# (SpecificCharacterSet, weight, which name pool)
CHARSETS = [
    (None, 28, "ascii"), ("ISO_IR 100", 18, "latin1"), ("ISO_IR 192", 16, "utf8"),
    ("ISO_IR 144", 7, "cyrillic"), ("ISO_IR 126", 7, "greek"), ("GB18030", 8, "chinese"),
    (["", "ISO 2022 IR 87"], 8, "japanese"), (["", "ISO 2022 IR 149"], 8, "korean"),
]
SYNTAXES = [(ExplicitVRLittleEndian, 70), (ImplicitVRLittleEndian, 20), (ExplicitVRBigEndian, 10)]
SOP_CLASSES = {
    "CT": "1.2.840.10008.5.1.4.1.1.2",
    "MR": "1.2.840.10008.5.1.4.1.1.4",
    "CR": "1.2.840.10008.5.1.4.1.1.1",
    "SR": "1.2.840.10008.5.1.4.1.1.88.33",
    "US": "1.2.840.10008.5.1.4.1.1.6.1",
    "OT": "1.2.840.10008.5.1.4.1.1.7",
}
MODALITIES = [("CT", 34), ("MR", 26), ("CR", 18), ("SR", 16), ("US", 3), ("OT", 3)]


@dataclass
class Persona:
    """One synthetic patient and the people and places around the study."""

    family: str
    given: str
    middle: str
    extra_name_parts: list[str]  # other scripts' forms of the same name
    pn: str  # the PatientName as stored
    mother_family: str
    mrn: str
    mrn_digits: str
    accession: str
    other_id: str
    ssn: str
    rp_id: str
    birth: dt.date
    study: dt.date
    prior: dt.date
    street: str
    street_line: str
    city: str
    state: str
    zip: str
    phone: str
    phone2: str
    staff: list[tuple[str, str]]
    institution: str
    phi: list[dict] = field(default_factory=list)

    def note(self, value: str, kind: str, subkind: str, **extra: str) -> None:
        """Record one injected PHI string (deduplicated) in the file's ground truth."""
        entry = {"value": value, "kind": kind, "subkind": subkind, **extra}
        if entry not in self.phi:
            self.phi.append(entry)


def _weighted(rng: random.Random, rows: list[tuple]) -> tuple:
    """Pick a (value, weight, ...) row with probability proportional to its weight."""
    row = rng.choices(rows, weights=[r[1] for r in rows])[0]
    return row


def fmt_date(d: dt.date, style: str) -> str:
    """Write a date the way people type it in free text."""
    mon = MONTHS[d.month - 1]
    return {
        "dicom": d.strftime("%Y%m%d"),
        "us": d.strftime("%m/%d/%Y"),
        "eu_dot": d.strftime("%d.%m.%Y"),
        "iso": d.strftime("%Y-%m-%d"),
        "d_mon_y": f"{d.day} {mon[:3]} {d.year}",
        "month_d_y": f"{mon} {d.day}, {d.year}",
        "dd_mon_yy": f"{d.day:02d}-{mon[:3].upper()}-{d.year % 100:02d}",
        "eu_slash": d.strftime("%d/%m/%Y"),
        "compact_mon": f"{d.day:02d}{mon[:3].upper()}{d.year}",
    }[style]


TEXT_DATE_STYLES = ["us", "eu_dot", "iso", "d_mon_y", "month_d_y", "dd_mon_yy", "eu_slash",
                    "compact_mon"]


def _random_date(rng: random.Random, start: int, end: int) -> dt.date:
    """A date between two years, avoiding day==month so US/EU readings stay distinct."""
    while True:
        d = dt.date(rng.randint(start, end), rng.randint(1, 12), rng.randint(1, 28))
        if d.day != d.month and d.day > 12:
            return d


def _make_persona(rng: random.Random, pool: str) -> Persona:
    """Invent a patient whose name fits the file's character set."""
    extra: list[str] = []
    middle = rng.choice(ASCII_GIVEN)
    if pool == "ascii":
        family, given = rng.choice(ASCII_FAMILY), rng.choice(ASCII_GIVEN)
    elif pool == "latin1":
        family, given = rng.choice(LATIN1_FAMILY), rng.choice(LATIN1_GIVEN)
    elif pool == "utf8":
        family = rng.choice(LATIN_EXT_FAMILY + LATIN1_FAMILY)
        given = rng.choice(LATIN_EXT_GIVEN + LATIN1_GIVEN)
    elif pool == "cyrillic":
        family, given = rng.choice(CYRILLIC)
    elif pool == "greek":
        family, given = rng.choice(GREEK)
    elif pool == "chinese":
        fam, giv, rfam, rgiv = rng.choice(CHINESE)
        family, given, extra = rfam, rgiv, [fam, giv]
    elif pool == "japanese":
        rfam, rgiv, fam, giv, kfam, kgiv = rng.choice(JAPANESE)
        family, given, extra = rfam, rgiv, [fam, giv, kfam, kgiv]
    else:
        rfam, rgiv, fam, giv, hfam, hgiv = rng.choice(KOREAN)
        family, given, extra = rfam, rgiv, [fam, giv, hfam, hgiv]
    if pool == "chinese":
        pn = f"{family}^{given}={extra[0]}^{extra[1]}"
    elif pool in ("japanese", "korean"):
        pn = f"{family}^{given}={extra[0]}^{extra[1]}={extra[2]}^{extra[3]}"
    else:
        style = rng.randrange(4)
        if style == 0:
            pn = f"{family}^{given}"
        elif style == 1:  # other case
            pn = f"{family.upper()}^{given.upper()}"
        elif style == 2:  # middle, prefix, suffix
            pn = f"{family}^{given}^{middle}^Mx^III"
        else:  # split across components: a compound family name broken by a bad interface
            parts = family.replace("-", " ").split()
            pn = f"{parts[0]}^{' '.join(parts[1:]) or given}^{given}"
    digits = "".join(rng.choice("0123456789") for _ in range(8))
    mrn_style = rng.randrange(4)
    mrn = [digits, f"{digits[:4]}-{digits[4:]}", f"{digits[:2]} {digits[2:5]} {digits[5:]}",
           f"K-{digits[:4]}-{digits[4:]}"][mrn_style]
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
    acc_digits = "".join(rng.choice("0123456789") for _ in range(8))
    accession = f"{letters}{acc_digits}" if rng.random() < 0.5 else f"{letters}-{acc_digits[:4]}-{acc_digits[4:]}"
    other = "".join(rng.choice("0123456789") for _ in range(9))
    other_id = f"HX {other[:2]} {other[2:5]} {other[5:]}"
    ssn_d = "".join(rng.choice("0123456789") for _ in range(9))
    ssn = f"{ssn_d[:3]}-{ssn_d[3:5]}-{ssn_d[5:]}"
    rp_id = "RP" + "".join(rng.choice("0123456789") for _ in range(8))
    birth = _random_date(rng, 1931, 1999)
    study = _random_date(rng, 2006, 2021)
    prior = _random_date(rng, 2000, 2005)
    street = f"{rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"
    number = rng.randint(100, 9899)
    city = rng.choice(CITIES)
    area, exch, line = rng.randint(201, 989), rng.randint(200, 989), rng.randint(1000, 9999)
    phone_formats = [f"({area}) {exch}-{line}", f"{area}-{exch}-{line}", f"+1 {area} {exch} {line}",
                     f"{area}.{exch}.{line}"]
    area2, exch2, line2 = rng.randint(201, 989), rng.randint(200, 989), rng.randint(1000, 9999)
    return Persona(
        family=family, given=given, middle=middle, extra_name_parts=extra, pn=pn,
        mother_family=rng.choice(ASCII_FAMILY), mrn=mrn, mrn_digits=digits, accession=accession,
        other_id=other_id, ssn=ssn, rp_id=rp_id, birth=birth, study=study, prior=prior,
        street=street, street_line=f"{number} {street}", city=city, state=rng.choice(STATES),
        zip=f"{rng.randint(1, 99999):05d}", phone=rng.choice(phone_formats),
        phone2=f"{area2}-{exch2}-{line2}", staff=rng.sample(STAFF, 3),
        institution=f"{city} Regional Hospital",
    )


def _note_persona(p: Persona) -> None:
    """Record the persona's atomic PHI strings: every name part, ID, date, address, phone."""
    for part in [p.family, p.given, *p.family.replace("-", " ").split()]:  # note() dedups
        p.note(part, "name", "patient")
    for part in p.extra_name_parts:
        p.note(part, "name", "patient")
    for id_value, sub in [(p.mrn, "mrn"), (p.accession, "accession"), (p.other_id, "other_id"),
                          (p.ssn, "ssn"), (p.rp_id, "requested_procedure_id")]:
        p.note(id_value, "id", sub)
    p.note(p.birth.isoformat(), "date", "birth_date", iso=p.birth.isoformat())
    p.note(p.study.isoformat(), "date", "study_date", iso=p.study.isoformat())
    p.note(p.prior.isoformat(), "date", "prior_date", iso=p.prior.isoformat())
    p.note(p.street, "address", "street")
    p.note(p.city, "address", "city")
    p.note(p.zip, "address", "zip")
    p.note(p.phone, "phone", "patient")


def _uid(p: Persona, *parts: int | str) -> str:
    """A UID that, like many devices' UIDs, embeds the MRN digits and the study date."""
    return ".".join([ROOT, "1" + p.mrn_digits, p.study.strftime("%Y%m%d"),
                     *[str(x) for x in parts]])


def _text_name(rng: random.Random, p: Persona) -> str:
    """The patient's name as a person types it in free text."""
    forms = [f"{p.given} {p.family}", f"{p.family.upper()}, {p.given}", f"{p.family}^{p.given}",
             f"{p.given.lower()} {p.family.lower()}", f"Mr/Ms {p.family}"]
    if p.extra_name_parts:
        forms.append("".join(p.extra_name_parts[:2]))
    return rng.choice(forms)


def _text_date(rng: random.Random, d: dt.date) -> str:
    """A date in one of the free-text formats."""
    return fmt_date(d, rng.choice(TEXT_DATE_STYLES))


def _free_texts(rng: random.Random, p: Persona) -> dict[str, str]:
    """Free-text fields that carry PHI, each kept within its VR's length."""
    name, dob, prior = _text_name(rng, p), _text_date(rng, p.birth), _text_date(rng, p.prior)
    staff_f, staff_g = p.staff[0]
    return {
        "StudyDescription": rng.choice([f"CT CHEST {p.family.upper()}", f"MRI f/u {name}"])[:64],
        "SeriesDescription": rng.choice([f"AX T2 {p.family}", f"{p.mrn} SCOUT", f"DOB {dob}"])[:64],
        "ImageComments": (f"Pt {name}, MRN {p.mrn}, DOB {dob}, tel {p.phone}. "
                          f"Prior {prior}. Tech {staff_g} {staff_f}."),
        "ProtocolName": rng.choice([f"{p.family.upper()}_PROTO_{p.study:%Y%m%d}",
                                    f"{p.family} spec protocol"])[:64],
        "AdditionalPatientHistory": (f"Lives at {p.street_line}, {p.city}, {p.state} {p.zip}. "
                                     f"Prior exam {prior} outside. Contact {p.phone2}. "
                                     f"Mother {p.mother_family}. SSN {p.ssn}."),
        "PatientComments": (f"Ref by {staff_g} {staff_f}; seen {_text_date(rng, p.study)}; "
                            f"chart # {p.mrn_digits[:4]} {p.mrn_digits[4:]}"),
        "PerformedProcedureStepDescription": f"{p.accession} {p.family.upper()}"[:64],
        "RequestedProcedureDescription": f"Follow-up {name} {dob}"[:64],
    }


def _private_block(p: Persona, ds: Dataset, encodings: list[str]) -> None:
    """PHI in private tags: plain, in a private sequence with its own creator, and as UN bytes."""
    ds.add_new(0x00090010, "LO", "HOLDOUT_IMG 2.1")
    ds.add_new(0x00091001, "LO", f"{p.family}^{p.given}")
    ds.add_new(0x00091002, "LO", p.mrn)
    ds.add_new(0x00091003, "DA", p.birth.strftime("%Y%m%d"))
    ds.add_new(0x00091004, "LT", f"{p.street_line} / {p.city} / {p.phone}")
    item = Dataset()
    item.add_new(0x00110010, "LO", "HOLDOUT_SEQ")
    item.add_new(0x00111001, "PN", f"{p.family}^{p.given}")
    item.add_new(0x00111002, "LO", p.accession)
    item.PatientName = f"{p.family}^{p.given}"
    item.PatientID = p.mrn
    ds.add_new(0x00091010, "SQ", Sequence([item]))
    ds.add_new(0x00091005, "LO", f"orig={ds.StudyInstanceUID}"[:64])
    # A vendor blob of key=value text, stored as UN as an unaware router leaves it.
    blob = f"PatName={p.family}^{p.given};PatID={p.mrn};DOB={p.birth:%Y%m%d};".encode("utf-8")
    ds.add_new(0x00290010, "LO", "VENDOR_BLOB 1")
    ds.add_new(0x00291020, "UN", blob + (b" " if len(blob) % 2 else b""))
    # A private sequence (implicit VR inside) that reaches us as UN bytes.
    inner = Dataset()
    inner.add_new(0x00100010, "PN", f"{p.family}^{p.given}")
    inner.add_new(0x00100020, "LO", p.mrn)
    inner.add_new(0x00100030, "DA", p.birth.strftime("%Y%m%d"))
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, True
    write_dataset(fp, inner, parent_encoding=encodings)
    body = fp.getvalue()
    item_bytes = struct.pack("<HHI", 0xFFFE, 0xE000, len(body)) + body
    ds.add_new(0x00291030, "UN", item_bytes)


def _nested(rng: random.Random, p: Persona, ds: Dataset, texts: dict[str, str]) -> None:
    """PHI in the standard nested sequences."""
    ref = Dataset()
    ref.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
    ref.ReferencedSOPInstanceUID = _uid(p, 9, 1)
    # A private element inside a standard sequence's item, with its own creator.
    ref.add_new(0x00090010, "LO", "HOLDOUT_REF")
    ref.add_new(0x00091001, "LO", f"{p.family}, {p.given} {p.mrn}")
    ds.ReferencedStudySequence = Sequence([ref])
    p.note(ref.ReferencedSOPInstanceUID, "uid", "referenced_study")
    req = Dataset()
    req.RequestedProcedureID = p.rp_id
    req.ScheduledProcedureStepID = f"SPS-{p.mrn_digits}"
    req.AccessionNumber = p.accession[:16]
    req.RequestedProcedureDescription = texts["RequestedProcedureDescription"]
    req.ReasonForTheRequestedProcedure = f"r/o mass; seen {_text_date(rng, p.prior)} by {p.staff[1][0]}"
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator = "HX001", "99HOLDOUT"
    code.CodeMeaning = f"CT ABD {p.family.upper()} {p.mrn}"[:64]
    req.ScheduledProtocolCodeSequence = Sequence([code])
    ds.RequestAttributesSequence = Sequence([req])
    p.note(f"SPS-{p.mrn_digits}", "id", "sps_id")
    items = []
    for pid, issuer in [(p.other_id, f"{p.city} Clinic"), (p.ssn, "SSA")]:
        it = Dataset()
        it.PatientID, it.IssuerOfPatientID, it.TypeOfPatientID = pid, issuer, "TEXT"
        items.append(it)
    ds.OtherPatientIDsSequence = Sequence(items)
    proc = Dataset()
    proc.CodeValue, proc.CodingSchemeDesignator = "P-77", "99HOLDOUT"
    proc.CodeMeaning = f"{p.given} {p.family} chest"[:64]
    ds.ProcedureCodeSequence = Sequence([proc])
    refimg = Dataset()
    refimg.ReferencedSOPClassUID = SOP_CLASSES["CT"]
    refimg.ReferencedSOPInstanceUID = _uid(p, 2, 1, 7)
    ds.ReferencedImageSequence = Sequence([refimg])
    p.note(refimg.ReferencedSOPInstanceUID, "uid", "referenced_image")


def _sr_content(rng: random.Random, p: Persona, ds: Dataset) -> None:
    """A structured report whose content tree carries PHI in text, names, dates and codes."""
    def concept(meaning: str) -> Sequence:
        c = Dataset()
        c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = "121071", "DCM", meaning
        return Sequence([c])

    text = Dataset()
    text.RelationshipType, text.ValueType = "CONTAINS", "TEXT"
    text.ConceptNameCodeSequence = concept("Finding")
    text.ObservationDateTime = p.study.strftime("%Y%m%d") + "150000"
    text.TextValue = (f"{_text_name(rng, p)} (MRN {p.mrn}, DOB {_text_date(rng, p.birth)}) "
                      f"compared with {_text_date(rng, p.prior)}. Call {p.phone}.")
    pname = Dataset()
    pname.RelationshipType, pname.ValueType = "HAS OBS CONTEXT", "PNAME"
    pname.ConceptNameCodeSequence = concept("Person Observer Name")
    pname.PersonName = f"{p.staff[2][0]}^{p.staff[2][1]}"
    date = Dataset()
    date.RelationshipType, date.ValueType = "CONTAINS", "DATE"
    date.ConceptNameCodeSequence = concept("Date of prior")
    date.Date = p.prior.strftime("%Y%m%d")
    code = Dataset()
    code.RelationshipType, code.ValueType = "CONTAINS", "CODE"
    code.ConceptNameCodeSequence = concept("Impression")
    code.ConceptCodeSequence = concept(f"Discussed with {p.given} {p.family}"[:64])
    uidref = Dataset()
    uidref.RelationshipType, uidref.ValueType = "CONTAINS", "UIDREF"
    uidref.ConceptNameCodeSequence = concept("Study Instance UID")
    uidref.UID = _uid(p, 9, 1)
    inner = Dataset()
    inner.RelationshipType, inner.ValueType = "CONTAINS", "CONTAINER"
    inner.ConceptNameCodeSequence = concept("Details")
    inner.ContinuityOfContent = "SEPARATE"
    inner.ContentSequence = Sequence([code, uidref])
    ds.ContentSequence = Sequence([text, pname, date, inner])
    ds.ValueType, ds.ContinuityOfContent = "CONTAINER", "SEPARATE"
    ds.ConceptNameCodeSequence = concept("Radiology Report")
    ds.CompletionFlag, ds.VerificationFlag = "COMPLETE", "VERIFIED"
    obs = Dataset()
    obs.VerifyingObserverName = f"{p.staff[0][0]}^{p.staff[0][1]}"
    obs.VerifyingOrganization = p.institution
    obs.VerificationDateTime = p.study.strftime("%Y%m%d") + "143000"
    ds.VerifyingObserverSequence = Sequence([obs])


def _extra_places(rng: random.Random, p: Persona, ds: Dataset) -> None:
    """Less common attributes that carry PHI; each file gets about half of them."""
    staff = [f"{f}^{g}" for f, g in p.staff]
    ctx = Dataset()
    ctx.ValueType = "TEXT"
    concept = Dataset()
    concept.CodeValue, concept.CodingSchemeDesignator, concept.CodeMeaning = "HX9", "99HOLDOUT", "Note"
    ctx.ConceptNameCodeSequence = Sequence([concept])
    ctx.TextValue = f"consent by {p.given} {p.family}, tel {p.phone}"
    places = {
        "PatientBirthName": f"{p.family}^{p.given}",
        "ResponsiblePerson": f"{p.mother_family}^{p.given}",
        "NameOfPhysiciansReadingStudy": staff[0],
        "PhysiciansOfRecord": staff[1],
        "ConsultingPhysicianName": staff[2],
        "VisitComments": f"Arrived from {p.street_line}, {p.city}; DOB {_text_date(rng, p.birth)}",
        "DerivationDescription": f"from study {ds.StudyInstanceUID} of {p.family}",
        "StudyComments": f"Exam {_text_date(rng, p.study)} for {p.family.upper()} ({p.accession})",
        "AcquisitionContextSequence": Sequence([ctx]),
        "OtherPatientNames": [f"{p.mother_family}^{p.given}", f"{p.family}^{p.given[0]}",
                              f"{p.family.lower()}  ^ {p.given.lower()}"],
    }
    for keyword, value in places.items():
        if rng.random() < 0.5:
            setattr(ds, keyword, value)
    _rare_dates_and_uids(rng, p, ds)
    if "ResponsiblePerson" in ds:
        ds.ResponsiblePersonRole = "MOTHER"


def _rare_dates_and_uids(rng: random.Random, p: Persona, ds: Dataset) -> None:
    """Dates and UIDs in attributes a tag list may not know: every one names the patient's."""
    study, birth = p.study.strftime("%Y%m%d"), p.birth.strftime("%Y%m%d")
    ds.InstanceCreationDate = study
    ds.PerformedProcedureStepStartDate = study
    if rng.random() < 0.5:
        ds.PatientBirthDateInAlternativeCalendar = p.birth.isoformat()
        ds.PatientAlternativeCalendar = "I"
    if rng.random() < 0.5:
        ds.LastMenstrualDate = p.prior.strftime("%Y%m%d")
    if rng.random() < 0.5:
        ds.ContrastBolusAgent = f"Omnipaque 350, last dose {_text_date(rng, p.prior)}"[:64]
    radio = Dataset()
    radio.RadiopharmaceuticalStartDateTime = study + "093000"
    radio.Radiopharmaceutical = "Fluorodeoxyglucose"
    if rng.random() < 0.5:
        ds.RadiopharmaceuticalInformationSequence = Sequence([radio])
    ds.IrradiationEventUID = _uid(p, 4, 1)
    src = Dataset()
    src.ReferencedSOPClassUID = ds.SOPClassUID
    src.ReferencedSOPInstanceUID = _uid(p, 2, 1, 99)
    ds.SourceImageSequence = Sequence([src])
    pps = Dataset()
    pps.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.3"
    pps.ReferencedSOPInstanceUID = _uid(p, 5, 1)
    ds.ReferencedPerformedProcedureStepSequence = Sequence([pps])
    dim = Dataset()
    dim.DimensionOrganizationUID = _uid(p, 6, 1)
    ds.DimensionOrganizationSequence = Sequence([dim])
    ds.add_new(0x00091006, "UI", _uid(p, 7, 1))  # private UI: a vendor's copy of a UID
    for value, sub in [(ds.IrradiationEventUID, "irradiation_event"),
                       (src.ReferencedSOPInstanceUID, "source_image"),
                       (pps.ReferencedSOPInstanceUID, "performed_procedure_step"),
                       (dim.DimensionOrganizationUID, "dimension_organization"),
                       (_uid(p, 7, 1), "private")]:
        p.note(value, "uid", sub)


def _overlay(p: Persona, ds: Dataset) -> None:
    """An overlay plane whose label and description name the patient."""
    ds.add_new(0x60000010, "US", ds.Rows)
    ds.add_new(0x60000011, "US", ds.Columns)
    ds.add_new(0x60000040, "CS", "G")
    ds.add_new(0x60000050, "SS", [1, 1])
    ds.add_new(0x60000100, "US", 1)
    ds.add_new(0x60000102, "US", 0)
    ds.add_new(0x60000022, "LO", f"annotation {p.family} {p.mrn}"[:64])
    ds.add_new(0x60001500, "LO", f"{p.given} {p.family}"[:64])
    ds.add_new(0x60003000, "OW", bytes(ds.Rows * ds.Columns // 8))


def _pixels(ds: Dataset, modality: str, big_endian: bool, rng: random.Random) -> None:
    """Small blank-ish pixels: no burned-in text, so OCR has little to read."""
    size = 16 if modality not in ("US", "OT") else 32
    ds.Rows = ds.Columns = size
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    eight = big_endian or modality in ("US", "OT", "CR")
    ds.BitsAllocated = ds.BitsStored = 8 if eight else 16
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = 0
    arr = np.random.default_rng(rng.randrange(2**32)).integers(0, 200, (size, size))
    if eight:
        ds.PixelData = arr.astype(np.uint8).tobytes()
    else:
        ds.PixelData = arr.astype("<u2").tobytes()


def build_file(index: int, seed: int) -> tuple[Dataset, dict]:
    """Build file number `index` of the corpus and its ground-truth record."""
    rng = random.Random(f"heldout:{seed}:{index}")
    charset, _, pool = _weighted(rng, CHARSETS)
    syntax = _weighted(rng, SYNTAXES)[0]
    modality = _weighted(rng, MODALITIES)[0]
    p = _make_persona(rng, pool)
    _note_persona(p)

    ds = Dataset()
    if charset:
        ds.SpecificCharacterSet = charset
    ds.SOPClassUID = SOP_CLASSES[modality]
    ds.SOPInstanceUID = _uid(p, 2, 1, index)
    ds.StudyInstanceUID = _uid(p, 1)
    ds.SeriesInstanceUID = _uid(p, 2)
    ds.FrameOfReferenceUID = _uid(p, 3)
    for name, sub in [("SOPInstanceUID", "sop"), ("StudyInstanceUID", "study"),
                      ("SeriesInstanceUID", "series"), ("FrameOfReferenceUID", "frame")]:
        p.note(getattr(ds, name), "uid", sub)
    ds.Modality = modality
    ds.PatientName = p.pn
    ds.PatientID = p.mrn
    ds.IssuerOfPatientID = p.institution
    ds.PatientBirthDate = p.birth.strftime("%Y%m%d")
    ds.PatientSex = rng.choice(["F", "M", "O"])
    ds.PatientAddress = f"{p.street_line}^{p.city}^{p.state}^{p.zip}"
    ds.PatientTelephoneNumbers = [p.phone, p.phone2]  # multi-valued
    p.note(p.phone2, "phone", "patient")
    ds.OtherPatientNames = [f"{p.mother_family}^{p.given}", f"{p.family}^{p.given[0]}"]
    mother_given = rng.choice(ASCII_GIVEN)
    ds.PatientMotherBirthName = f"{p.mother_family}^{mother_given}"
    p.note(p.mother_family, "name", "relative")
    p.note(mother_given, "name", "relative")
    if f"^{p.middle}^" in p.pn:
        p.note(p.middle, "name", "patient")
    ds.OtherPatientIDs = [p.other_id, p.ssn]  # retired, multi-valued, still sent
    ds.AccessionNumber = p.accession[:16]
    ds.StudyID = p.mrn_digits
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = p.study.strftime("%Y%m%d")
    ds.AcquisitionDateTime = p.study.strftime("%Y%m%d") + "101500.000000"
    ds.StudyTime, ds.SeriesTime, ds.ContentTime = "101500", "101700", "102000"
    ds.InstanceNumber, ds.SeriesNumber = index + 1, 1
    staff = [f"{f}^{g}" for f, g in p.staff]
    ds.ReferringPhysicianName = staff[0]
    ds.OperatorsName = staff[1:]  # multi-valued
    ds.PerformingPhysicianName = staff[2]
    ds.ReferringPhysicianTelephoneNumbers = p.phone2
    for fam, giv in p.staff:
        p.note(fam, "name", "staff")
        p.note(giv, "name", "staff")
    ds.InstitutionName = p.institution
    inst_street = f"{rng.choice(STREETS)} Road"
    ds.InstitutionAddress = f"{rng.randint(10, 99)} {inst_street}, {p.city}"
    p.note(inst_street, "address", "institution")
    ds.StationName = f"{p.family[:8].upper()}-PC"
    ds.Manufacturer = "HOLDOUT"
    texts = _free_texts(rng, p)
    for key, value in texts.items():
        setattr(ds, key, value)
    _nested(rng, p, ds, texts)
    enc = convert_encodings(charset if isinstance(charset, list) else [charset or ""])
    _private_block(p, ds, enc)
    if syntax != ImplicitVRLittleEndian and rng.random() < 0.5:
        # A standard element that a router passed on as UN, in the file's charset.
        raw = encode_string(f"{p.street_line}, {p.city}", enc)
        ds.add(DataElement(0x00101040, "UN", raw + (b" " if len(raw) % 2 else b"")))
    _extra_places(rng, p, ds)
    if modality == "SR":
        _sr_content(rng, p, ds)
    else:
        _pixels(ds, modality, syntax == ExplicitVRBigEndian, rng)
        if rng.random() < 0.3:
            _overlay(p, ds)
        if modality in ("US", "OT"):
            ds.BurnedInAnnotation = "NO"
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = syntax
    meta.ImplementationClassUID = ROOT + ".1"
    if rng.random() < 0.3:
        # File meta private information, which survives copying by most toolkits.
        meta.PrivateInformationCreatorUID = ROOT + ".2"
        info = f"PatientName={p.family}^{p.given};PatientID={p.mrn}".encode("utf-8")
        meta.PrivateInformation = info + (b"\0" if len(info) % 2 else b"")
    if rng.random() < 0.2:
        # A dual-format file whose 128-byte preamble holds a label with the patient's name.
        label = f"HOLDOUT TIFF {p.family}^{p.given} {p.mrn}".encode("utf-8")[:128]
        ds.preamble = label + b"\0" * (128 - len(label))
    ds.file_meta = meta
    record = {
        "index": index,
        "file": f"{index:05d}.dcm",
        "charset": charset if isinstance(charset, str) or charset is None else "\\".join(charset),
        "transfer_syntax": str(syntax),
        "modality": modality,
        "phi": p.phi,
    }
    return ds, record


def generate(out_dir: Path, files: int, seed: int) -> Path:
    """Write the corpus and its manifest into `out_dir`; return the manifest's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    records = []
    for index in range(files):
        ds, record = build_file(index, seed)
        syntax = ds.file_meta.TransferSyntaxUID
        ds.save_as(out_dir / record["file"], enforce_file_format=True,
                   implicit_vr=syntax.is_implicit_VR, little_endian=syntax.is_little_endian)
        records.append(record)
    manifest = out_dir.parent / f"{out_dir.name}.{MANIFEST_NAME}"
    manifest.write_text(json.dumps({"seed": seed, "files": records}, ensure_ascii=False, indent=1),
                        encoding="utf-8")
    return manifest


def main() -> None:
    """Generate a corpus; print only counts, never the manifest."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--seed", type=int, default=9001)
    args = ap.parse_args()
    manifest = generate(args.out, args.files, args.seed)
    print(f"wrote {args.files} files to {args.out}; manifest beside it: {manifest.name}")


if __name__ == "__main__":
    main()
