"""A small synthetic hospital archive with known PHI and known findings, for the end-to-end evaluation.

Written blind (from the README and DESIGN.md only): patients with CR/DX chest, CT chest/abdomen, MR brain
and US studies whose headers carry PHI in the usual places and in unusual ones (free text, descriptions,
private tags, nested sequences, physicians, addresses, other IDs, request attributes, dates in prose), and
one radiology report per study (JSONL for `cleanroom ingest reports`) with PHI in its text and findings
whose status is known. Every injected PHI value is recorded by kind in `truth.json`. All names, places,
numbers and dates are invented here from hand-written lists; the same seed gives the same archive.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

FAMILY_NAMES = [
    "Quennell", "Vardakis", "Oyelaran", "Brightwater", "Szczepanek", "Halloran", "Mbeki-Tuttle",
    "Lindqvist", "Abernethy", "Castellanos", "Wojtowicz", "Prendergast", "Okonkwo", "Featherstone",
    "Thorvaldsen", "Iacobelli", "Dunmore", "Kaczmarski", "Ravensworth", "Achterberg", "Nakashima",
    "Penhaligon", "Zielonka", "Fairweather", "Montgomerie", "Baptiste-Lowe", "Eskildsen", "Gorodetsky",
    "Hollingsworth", "Ingebretsen", "Jablonowski", "Kittredge", "Lachapelle", "Mavrogordato",
    "Norquist", "Ostrowiecki", "Pettigrew", "Quartermaine", "Rasmussen-Holt", "Stallybrass",
    "Tregarthen", "Umberfield", "Vandersloot", "Whitcombe", "Yardley-Osei",
]
GIVEN_NAMES_F = [
    "Marisol", "Henrietta", "Oluwaseun", "Ingrid", "Philippa", "Rosalind", "Genevieve", "Thomasina",
    "Adaeze", "Lucinda", "Ottilie", "Bronwyn", "Evangeline", "Saoirse", "Wilhelmina",
]
GIVEN_NAMES_M = [
    "Bartholomew", "Cornelius", "Desmond", "Evander", "Fitzgerald", "Gideon", "Horatio", "Ignatius",
    "Leopold", "Mortimer", "Nikolai", "Octavian", "Peregrine", "Rutherford", "Thaddeus",
]
MIDDLE_INITIALS = list("ABCDEFGHJKLMNPRSTW")
PHYSICIANS = [
    ("Ashcombe", "Delphine"), ("Brackenridge", "Tobias"), ("Cholmondeley", "Harriet"),
    ("Dewhurst", "Ambrose"), ("Everleigh", "Constance"), ("Gathercole", "Lysander"),
    ("Hawtrey", "Philomena"), ("Inchbald", "Casimir"),
]
OPERATORS = [("Pocklington", "Rhys"), ("Sowerbutts", "Imelda"), ("Treadgold", "Florian")]
STREETS = [
    "Larchmont Terrace", "Quillfeather Lane", "Old Tannery Road", "Wickersham Court", "Bellwether Drive",
    "Marchbanks Avenue", "Cobblestone Hollow", "Ravenglass Street", "Thistledown Way", "Pemberly Crescent",
]
TOWNS = [("Brinmore", "VT", "05482"), ("Eastfold", "NH", "03781"), ("Catterick Falls", "ME", "04963"),
         ("Wexley", "VT", "05139"), ("Harrowgate", "NH", "03264")]
INSTITUTIONS = [
    ("Quarry Hill Medical Center", "4410 Granite Ridge Parkway^Brinmore^VT^05480", "(802) 555-0187"),
    ("Saint Wendeline Hospital", "92 Abbotsford Row^Eastfold^NH^03780", "(603) 555-0119"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MON3 = [m[:3].upper() for m in MONTHS]

# Findings: concept ID, the report phrases for present and absent (hand-written), study types that report it.
FINDINGS = {
    "RID5352": {"name": "pneumothorax",
                "present": ["There is a small right apical pneumothorax.",
                            "A moderate left pneumothorax is present."],
                "absent": ["No pneumothorax.", "There is no pneumothorax."]},
    "RID34539": {"name": "pleural effusion",
                 "present": ["Moderate left pleural effusion.", "There is a small right pleural effusion."],
                 "absent": ["No pleural effusion.", "There is no pleural effusion."]},
    "RID50149": {"name": "pulmonary nodule",
                 "present": ["A 7 mm pulmonary nodule is seen in the right upper lobe.",
                             "There is a 9 mm pulmonary nodule in the left lower lobe."],
                 "absent": ["No pulmonary nodule.", "No suspicious pulmonary nodule is seen."]},
    "RID4650": {"name": "fracture",
                "present": ["There is an acute left sixth rib fracture.",
                            "Acute right fourth rib fracture is noted."],
                "absent": ["No acute fracture.", "There is no fracture."]},
    "CLN01000": {"name": "intracranial hemorrhage",
                 "present": ["There is acute intracranial hemorrhage in the right parietal lobe.",
                             "Acute intracranial hemorrhage is present in the left frontal lobe."],
                 "absent": ["No intracranial hemorrhage.", "There is no intracranial hemorrhage."]},
    "RID3383": {"name": "appendicitis",
                "present": ["Acute appendicitis with a dilated appendix measuring 12 mm.",
                            "The appendix is dilated with surrounding fat stranding, in keeping with acute "
                            "appendicitis."],
                "absent": ["The appendix is normal. No appendicitis.", "No appendicitis."]},
    "CLN02031": {"name": "nephrolithiasis",
                 "present": ["There is a 5 mm kidney stone in the left lower pole.",
                             "A 4 mm kidney stone is present in the right kidney."],
                 "absent": ["No kidney stone.", "There is no kidney stone."]},
}
LABEL_CONCEPTS = list(FINDINGS)

STUDY_TYPES = {
    # key: modality, SOP class, body part, description, series (description, instances), findings reported
    "cr_chest": ("CR", "1.2.840.10008.5.1.4.1.1.1", "CHEST", "XR CHEST 2 VIEWS",
                 [("PA", 1), ("LATERAL", 1)], ["RID5352", "RID34539", "RID50149", "RID4650"]),
    "dx_chest": ("DX", "1.2.840.10008.5.1.4.1.1.1.1", "CHEST", "XR CHEST 1 VIEW PORTABLE",
                 [("AP PORTABLE", 1)], ["RID5352", "RID34539", "RID4650"]),
    "ct_chest": ("CT", "1.2.840.10008.5.1.4.1.1.2", "CHEST", "CT CHEST WITH CONTRAST",
                 [("AXIAL 5MM", 3), ("LUNG 1MM", 3)], ["RID5352", "RID34539", "RID50149"]),
    "ct_abdomen": ("CT", "1.2.840.10008.5.1.4.1.1.2", "ABDOMEN", "CT ABDOMEN PELVIS WITH CONTRAST",
                   [("AXIAL 5MM", 3), ("CORONAL 3MM", 3)], ["RID3383", "CLN02031"]),
    "mr_brain": ("MR", "1.2.840.10008.5.1.4.1.1.4", "HEAD", "MR BRAIN WITHOUT CONTRAST",
                 [("AX T2 FLAIR", 3), ("AX SWI", 3)], ["CLN01000"]),
    "us_renal": ("US", "1.2.840.10008.5.1.4.1.1.6.1", "KIDNEY", "US RENAL COMPLETE",
                 [("RENAL", 2)], ["CLN02031"]),
}
TYPE_WEIGHTS = {"cr_chest": 4, "dx_chest": 2, "ct_chest": 3, "ct_abdomen": 2, "mr_brain": 2, "us_renal": 2}
UID_ROOT = "1.2.826.0.1.3680043.10.911"
PRIVATE_CREATOR = "EVALVENDOR 1.0"


@dataclass
class Patient:
    """One invented patient and every identifier the archive gives them."""

    family: str
    given: str
    middle: str
    sex: str
    birth: dt.date
    mrn: str
    empi: str
    street: str
    town: tuple[str, str, str]
    phone: str
    studies: list["Study"] = field(default_factory=list)


@dataclass
class Study:
    """One study, its report, and the truth about both."""

    index: int
    kind: str
    date: dt.date
    accession: str
    uid: str
    institution: tuple[str, str, str]
    referring: tuple[str, str]
    performing: tuple[str, str]
    operator: tuple[str, str]
    findings: dict[str, str]
    link: str  # how its report names the study: accession, study_uid or patient_date
    burned_in: bool
    prior: dt.date  # the comparison study's date, written only in the report


def _date_forms(d: dt.date) -> list[str]:
    """A date as people and devices write it: the forms the scanner looks for."""
    return [
        d.strftime("%Y%m%d"), d.strftime("%Y-%m-%d"), d.strftime("%m/%d/%Y"), f"{d.month}/{d.day}/{d.year}",
        d.strftime("%d/%m/%Y"), d.strftime("%Y.%m.%d"), f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
        f"{d.day} {MONTHS[d.month - 1]} {d.year}", f"{d.day:02d}-{MON3[d.month - 1]}-{d.year}",
        f"{d.day:02d}-{MON3[d.month - 1]}-{d.year % 100:02d}", d.strftime("%m/%d/%y"),
        f"{_ordinal(d.day)} of {MONTHS[d.month - 1]} {d.year}",
    ]


def _uid(rng: random.Random, *parts: int | str) -> str:
    """A UID under our root; `parts` may carry an MRN's digits, as some archives' UIDs do."""
    return ".".join([UID_ROOT, *(str(p) for p in parts), str(rng.randrange(10**6, 10**7))])


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans when installed, else PIL's own bitmap font."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default()


def _pixels(kind: str, rng: random.Random, lines: list[str] | None) -> tuple[np.ndarray, int]:
    """A small image for the study type (noise on a body-like disc); burned-in `lines` are drawn in white."""
    rows, cols = {"cr_chest": (256, 256), "dx_chest": (256, 256), "us_renal": (240, 320)}.get(kind, (64, 64))
    yy, xx = np.mgrid[0:rows, 0:cols]
    disc = ((yy - rows / 2) ** 2 + (xx - cols / 2) ** 2) < (min(rows, cols) * 0.4) ** 2
    nprng = np.random.default_rng(rng.randrange(2**32))
    bits = 8 if kind == "us_renal" else 16
    img = (disc * 90 + nprng.integers(0, 40, (rows, cols))).astype(np.uint8) if bits == 8 else \
        (disc * 900 + nprng.integers(0, 200, (rows, cols))).astype(np.uint16)
    if lines:
        ink = Image.new("L", (cols, rows), 0)
        draw = ImageDraw.Draw(ink)
        font = _font(13)
        for n, line in enumerate(lines):
            draw.text((6, 4 + 17 * n), line, fill=255, font=font)
        img = np.where(np.asarray(ink) > 96, 255 if bits == 8 else 4095, img).astype(img.dtype)
    return img, bits


def _person(name: tuple[str, str]) -> str:
    """DICOM PN value Last^First."""
    return f"{name[0].upper()}^{name[1].upper()}"


def _private_block(ds: Dataset, patient: Patient, study: Study) -> None:
    """A vendor's private group holding the name, MRN, birth date and, nested, the accession."""
    block = ds.private_block(0x0019, PRIVATE_CREATOR, create=True)
    block.add_new(0x10, "LO", f"{patient.family.upper()}^{patient.given.upper()}")
    block.add_new(0x11, "LT", f"MRN {patient.mrn} DOB {patient.birth.strftime('%m/%d/%Y')}")
    inner = Dataset()
    inner_block = inner.private_block(0x0019, PRIVATE_CREATOR, create=True)
    inner_block.add_new(0x10, "LO", study.accession)
    block.add_new(0x12, "SQ", Sequence([inner]))


def _dataset(patient: Patient, study: Study, series_no: int, series_desc: str, inst_no: int,
             series_uid: str, rng: random.Random) -> Dataset:
    """One instance's header with PHI in the usual places and in unusual ones."""
    modality, sop_class, body_part, description, _series, _f = STUDY_TYPES[study.kind]
    ds = Dataset()
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = _uid(rng, study.index, series_no, inst_no)
    ds.StudyInstanceUID = study.uid
    ds.SeriesInstanceUID = series_uid
    ds.Modality = modality
    ds.BodyPartExamined = body_part
    ds.StudyDate = ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = study.date.strftime("%Y%m%d")
    ds.StudyTime = ds.SeriesTime = "%02d%02d%02d" % (8 + study.index % 9, study.index % 60, inst_no)
    ds.AccessionNumber = study.accession
    ds.StudyID = f"S{study.accession[-6:]}"
    # SeriesNumber is not PHI and is kept: study index * 10 + series joins the package back to the truth.
    ds.SeriesNumber = study.index * 10 + series_no
    ds.InstanceNumber = inst_no
    ds.Manufacturer = "EVALMED"
    ds.ManufacturerModelName = {"CR": "Radiant 5", "DX": "Radiant 7", "CT": "Helix 64", "MR": "Magna 3T",
                                "US": "Sonora 9"}[modality]
    ds.InstitutionName = study.institution[0]
    ds.InstitutionAddress = study.institution[1]
    ds.ReferringPhysicianName = _person(study.referring)
    ds.PerformingPhysicianName = _person(study.performing)
    ds.OperatorsName = _person(study.operator)
    ds.PatientName = f"{patient.family.upper()}^{patient.given.upper()}^{patient.middle}"
    ds.PatientID = patient.mrn
    ds.IssuerOfPatientID = "QHMC"
    ds.OtherPatientIDs = patient.empi
    other = Dataset()
    other.PatientID = patient.empi
    other.IssuerOfPatientID = "EMPI"
    other.TypeOfPatientID = "TEXT"
    ds.OtherPatientIDsSequence = Sequence([other])
    ds.PatientBirthDate = patient.birth.strftime("%Y%m%d")
    ds.PatientSex = patient.sex
    ds.PatientAge = "%03dY" % _age(patient.birth, study.date)
    ds.PatientAddress = f"{patient.street}^{patient.town[0]}^{patient.town[1]}^{patient.town[2]}"
    ds.PatientTelephoneNumbers = patient.phone
    ds.StudyDescription = description if study.index % 3 else f"{description} - {patient.family.upper()}"
    ds.SeriesDescription = series_desc if study.index % 4 else f"{series_desc} {study.date:%Y-%m-%d}"
    ds.ImageComments = (f"Pt {patient.given} {patient.family} MRN {patient.mrn} scanned "
                        f"{study.date:%m/%d/%Y}, call {patient.phone}")
    ds.AdditionalPatientHistory = (f"Seen at {study.institution[0]} on {study.date:%B %d, %Y}; "
                                   f"referred by Dr. {study.referring[0]}")
    ds.PatientComments = f"Lives at {patient.street}, {patient.town[0]}"
    request = Dataset()
    request.RequestedProcedureID = study.accession
    request.ScheduledProcedureStepID = f"SPS{patient.mrn}"
    request.RequestedProcedureDescription = f"{description} for {patient.family.upper()}^{patient.given.upper()}"
    code = Dataset()
    code.CodeValue = "EV123"
    code.CodingSchemeDesignator = "99EVAL"
    code.CodeMeaning = f"Protocol per Dr. {study.referring[0]} {study.referring[1]}"
    request.ScheduledProtocolCodeSequence = Sequence([code])
    ds.RequestAttributesSequence = Sequence([request])
    _private_block(ds, patient, study)
    lines = None
    if study.burned_in:
        lines = [f"{patient.family.upper()}, {patient.given.upper()}", f"ID {patient.mrn}",
                 f"{study.date.day:02d}-{MON3[study.date.month - 1]}-{study.date.year}"]
    img, bits = _pixels(study.kind, rng, lines)
    ds.Rows, ds.Columns = img.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = bits
    ds.BitsStored = 8 if bits == 8 else 12
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = 0
    ds.PixelData = img.tobytes()
    if modality in ("CR", "DX"):
        # An explicit NO is trusted on radiographs; the burned-in ones leave it out, as old readers do.
        if not study.burned_in:
            ds.BurnedInAnnotation = "NO"
        ds.WindowCenter, ds.WindowWidth = 2048, 4096
    elif modality == "US":
        ds.BurnedInAnnotation = "YES" if study.burned_in else "NO"
    else:
        ds.ImagePositionPatient = [0, 0, -5.0 * inst_no]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing = [0.7, 0.7]
        ds.SliceThickness = 5
        ds.WindowCenter, ds.WindowWidth = 500, 1200
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    return ds


def _age(birth: dt.date, on: dt.date) -> int:
    """Whole years between a birth date and a day."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _report(patient: Patient, study: Study, rng: random.Random) -> str:
    """The study's radiology report, with PHI in its header, history and signature, and known findings."""
    description = STUDY_TYPES[study.kind][3]
    rad = study.performing
    followup = study.date + dt.timedelta(days=30)
    sentences = [rng.choice(FINDINGS[c][status]) for c, status in study.findings.items()]
    impression = " ".join(sentences)
    sex_word = "woman" if patient.sex == "F" else "man"
    return (
        f"EXAM: {description}\n"
        f"PATIENT: {patient.family}, {patient.given}    MRN: {patient.mrn}    DOB: {patient.birth:%m/%d/%Y}\n"
        f"ACCESSION: {study.accession}    DATE OF SERVICE: {MONTHS[study.date.month - 1]} "
        f"{study.date.day}, {study.date.year}\n"
        f"REFERRING: Dr. {study.referring[1]} {study.referring[0]}, {study.institution[0]}, "
        f"{study.institution[1].replace('^', ', ')}. Phone {study.institution[2]}.\n\n"
        f"CLINICAL HISTORY: {_age(patient.birth, study.date)}-year-old {sex_word} with cough. "
        f"Patient lives at {patient.street}, {patient.town[0]}, {patient.town[1]} {patient.town[2]}; "
        f"home phone {patient.phone}.\n\n"
        f"COMPARISON: Prior examination dated {study.prior:%m/%d/%Y}.\n\n"
        f"FINDINGS: {' '.join(sentences)}\n\n"
        f"IMPRESSION: {impression}\n\n"
        f"Dictated by {rad[1]} {rad[0]}, MD on {study.date:%m/%d/%Y}. "
        f"Results discussed with Dr. {study.referring[0]} by telephone at {study.institution[2]}.\n"
        f"ADDENDUM: {patient.given.lower()} {patient.family.lower()}'s daughter called back on "
        f"{re.sub(r'[^0-9]', '', patient.phone)}; results also sent to "
        f"{patient.given.lower()}.{patient.family.lower()}@mailbox.example and the chart "
        f"{patient.mrn.lower()[:2]}-{patient.mrn[2:]}. Follow-up visit on the {_ordinal(followup.day)} of "
        f"{MONTHS[followup.month - 1]} {followup.year}.\n"
    )


def _ordinal(day: int) -> str:
    """1st, 2nd, 3rd, 4th … 21st."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _findings(kind: str, rng: random.Random) -> dict[str, str]:
    """Which findings a study's report mentions, each present or absent."""
    return {c: ("present" if rng.random() < 0.35 else "absent") for c in STUDY_TYPES[kind][5]
            if rng.random() < 0.9}


def _make_patients(n_patients: int, n_studies: int, rng: random.Random) -> list[Patient]:
    """Invented patients and their studies (n_studies spread over n_patients, at least one each)."""
    patients = []
    families = rng.sample(FAMILY_NAMES, min(n_patients, len(FAMILY_NAMES)))
    for i in range(n_patients):
        sex = rng.choice("FM")
        given = rng.choice(GIVEN_NAMES_F if sex == "F" else GIVEN_NAMES_M)
        birth = dt.date(rng.randrange(1932, 1998), rng.randrange(1, 13), rng.randrange(1, 29))
        patients.append(Patient(
            family=families[i % len(families)] + ("" if i < len(families) else "-Ames"), given=given,
            middle=rng.choice(MIDDLE_INITIALS), sex=sex, birth=birth,
            mrn=f"QH{rng.randrange(10**6, 10**7)}", empi=f"EP-{rng.randrange(10**7, 10**8)}",
            street=f"{rng.randrange(12, 9800)} {rng.choice(STREETS)}", town=rng.choice(TOWNS),
            phone=f"({rng.choice(['802', '603', '207'])}) 555-{rng.randrange(100, 200):04d}"))
    owners = list(range(n_patients)) + [rng.randrange(n_patients) for _ in range(n_studies - n_patients)]
    kinds = [k for k, w in TYPE_WEIGHTS.items() for _ in range(w)]
    for index, owner in enumerate(sorted(owners), start=1):
        patient = patients[owner]
        kind = kinds[(index * 7 + rng.randrange(len(kinds))) % len(kinds)]
        date = dt.date(rng.randrange(2015, 2023), rng.randrange(1, 13), rng.randrange(1, 29))
        link = ("accession", "accession", "accession", "study_uid", "patient_date")[index % 5]
        patient.studies.append(Study(
            index=index, kind=kind, date=date,
            accession=f"A{date.year % 100:02d}-{rng.randrange(10**5, 10**6)}",
            uid=_uid(rng, patient.mrn[2:], index),
            institution=rng.choice(INSTITUTIONS), referring=rng.choice(PHYSICIANS),
            performing=rng.choice(PHYSICIANS), operator=rng.choice(OPERATORS),
            findings=_findings(kind, rng), link=link,
            burned_in=kind == "us_renal" or (kind == "cr_chest" and index % 3 == 0),
            prior=date - dt.timedelta(days=rng.randrange(40, 400))))
    return patients


PATIENT_KINDS = ("patient_name", "mrn", "other_id", "accession", "birth_date", "study_date", "prior_date",
                 "followup_date", "phone", "email", "street_address", "town", "original_uid")
SITE_KINDS = ("physician_name", "operator_name", "institution", "institution_address", "phone")


def _patient_truth(p: Patient, uids: list[str]) -> dict[str, list[str]]:
    """One patient's injected PHI by kind (dates ISO; the scanner derives the other written forms)."""
    values: dict[str, set[str]] = {k: set() for k in PATIENT_KINDS}
    values["patient_name"].add(f"{p.family}^{p.given}")
    values["mrn"].add(p.mrn)
    values["other_id"].add(p.empi)
    values["birth_date"].add(p.birth.isoformat())
    values["phone"].add(p.phone)
    values["street_address"].add(p.street)
    values["town"].add(p.town[0])
    values["email"].add(f"{p.given.lower()}.{p.family.lower()}@mailbox.example")
    values["original_uid"].update(uids)
    for s in p.studies:
        values["accession"].add(s.accession)
        values["study_date"].add(s.date.isoformat())
        values["prior_date"].add(s.prior.isoformat())
        values["followup_date"].add((s.date + dt.timedelta(days=30)).isoformat())
        values["original_uid"].add(s.uid)
    return {k: sorted(v) for k, v in values.items()}


def _site_truth(patients: list[Patient]) -> dict[str, list[str]]:
    """The PHI that belongs to no one patient: staff names, institutions, their addresses and phones."""
    values: dict[str, set[str]] = {k: set() for k in SITE_KINDS}
    for s in (s for p in patients for s in p.studies):
        values["institution"].add(s.institution[0])
        values["institution_address"].add(s.institution[1].split("^")[0])
        values["phone"].add(s.institution[2])
        for person in (s.referring, s.performing):
            values["physician_name"].add(f"{person[0]}^{person[1]}")
        values["operator_name"].add(f"{s.operator[0]}^{s.operator[1]}")
    return {k: sorted(v) for k, v in values.items()}


def build_archive(out: Path, n_patients: int = 40, n_studies: int = 80, seed: int = 2026) -> dict:
    """Write `out/dicom/…`, `out/reports.jsonl` and `out/truth.json`; return the truth."""
    rng = random.Random(seed)
    patients = _make_patients(n_patients, n_studies, rng)
    dicom_dir = out / "dicom"
    studies_truth = []
    instance_uids: dict[str, list[str]] = {}
    with open(out / "reports.jsonl", "w", encoding="utf-8") as reports:
        for p in patients:
            for s in p.studies:
                series_uids = []
                n_instances = 0
                for series_no, (series_desc, count) in enumerate(STUDY_TYPES[s.kind][4], start=1):
                    series_uid = _uid(rng, s.index, series_no)
                    series_uids.append(series_uid)
                    for inst_no in range(1, count + 1):
                        ds = _dataset(p, s, series_no, series_desc, inst_no, series_uid, rng)
                        path = dicom_dir / f"{p.mrn}_{p.family}" / s.accession / f"{series_no}_{inst_no}.dcm"
                        path.parent.mkdir(parents=True, exist_ok=True)
                        ds.save_as(path, enforce_file_format=True)
                        instance_uids.setdefault(p.mrn, []).extend([ds.SOPInstanceUID, series_uid])
                        n_instances += 1
                record = {"id": f"RPT-{s.accession}", "text": _report(p, s, rng),
                          "patient": {"id": p.mrn, "name": f"{p.family}^{p.given}",
                                      "birth_date": p.birth.isoformat(), "sex": p.sex}}
                if s.link == "accession":
                    record["accession"] = s.accession
                elif s.link == "study_uid":
                    record["study_uid"] = s.uid
                else:
                    record["study_date"] = s.date.isoformat()
                reports.write(json.dumps(record) + "\n")
                studies_truth.append({
                    "index": s.index, "kind": s.kind, "modality": STUDY_TYPES[s.kind][0],
                    "body_part": STUDY_TYPES[s.kind][2], "patient": p.mrn, "sex": p.sex,
                    "age": _age(p.birth, s.date), "date": s.date.isoformat(), "link": s.link,
                    "series_numbers": [s.index * 10 + n for n in range(1, len(series_uids) + 1)],
                    "instances": n_instances, "burned_in": s.burned_in, "findings": s.findings})
    truth = {"seed": seed, "label_concepts": LABEL_CONCEPTS, "studies": studies_truth,
             "patients": {p.mrn: _patient_truth(p, instance_uids.get(p.mrn, [])) for p in patients},
             "site": _site_truth(patients)}
    (out / "truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth


def date_forms(iso: str) -> list[str]:
    """Every written form of an ISO date that the scanner looks for."""
    return _date_forms(dt.date.fromisoformat(iso))


def main() -> None:
    """Build an archive from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--patients", type=int, default=40)
    parser.add_argument("--studies", type=int, default=80)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    truth = build_archive(args.out, args.patients, args.studies, args.seed)
    print(f"{len(truth['studies'])} studies written to {args.out}")


if __name__ == "__main__":
    main()
