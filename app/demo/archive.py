"""Write the demo archive: 12 patients with a study and a prior each (CT, MR, CR, US in turn) and their reports.

`<root>/corpus/<MRN>/<date>_<accession>/SE<nnn>_<ROLE>/IM<nnnnn>.dcm` holds the DICOM files, laid out the
way a PACS export often is (identifiers in the path too), and `<root>/reports.jsonl` one report per study,
linked by accession number. The same seed gives the same people, studies and reports.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid

from .images import Templates, burned_in_frame, put_ultrasound_frame
from .people import Hospital, Patient, People, Staff
from .procedures import PROCEDURES, PROCEDURES_BY_MODALITY, Procedure
from .reports import generate_reports

CORPUS_DIRNAME = "corpus"
REPORTS_NAME = "reports.jsonl"
# pydicom's UID root and an arc of our own, so demo UIDs are easy to tell from any other.
UID_PREFIX = "1.2.826.0.1.3680043.8.498.78."
PATIENTS = 12
FIRST_STUDY, FIRST_STUDY_SPAN_DAYS = date(2014, 1, 1), 2737  # a patient's first study falls in 2014 to mid-2021
MODALITIES = ("CT", "MR", "CR", "US")
TEMPLATES = {"CT": "CT_small.dcm", "MR": "MR_small.dcm", "MR_RLE": "MR_small_RLE.dcm",
             "MR_J2K": "MR_small_jp2klossless.dcm", "CR": "dicomdirtests/77654033/CR1/6154",
             "US": "SC_rgb_small_odd.dcm"}
SOP_CLASSES = {"CT": "1.2.840.10008.5.1.4.1.1.2", "MR": "1.2.840.10008.5.1.4.1.1.4",
               "CR": "1.2.840.10008.5.1.4.1.1.1", "US": "1.2.840.10008.5.1.4.1.1.6.1"}
PRIOR_STUDY_CLASS = "1.2.840.10008.3.1.2.3.1"  # Detached Study Management, as ReferencedStudySequence uses it
IMAGE_TYPES = {"localizer": ["ORIGINAL", "PRIMARY", "LOCALIZER"], "reformat": ["DERIVED", "SECONDARY", "REFORMATTED"]}
PRIVATE_CREATOR = "ACME DEMO 1.0"  # a vendor block that repeats the patient's name, as some devices do


@dataclass(frozen=True)
class DemoArchive:
    """What was written: the archive folder, the study records its reports were written from, the file count."""

    root: Path
    studies: list[dict[str, Any]]
    files: int

    @property
    def corpus(self) -> Path:
        """Return the folder of DICOM files."""
        return self.root / CORPUS_DIRNAME

    @property
    def reports(self) -> Path:
        """Return the reports file."""
        return self.root / REPORTS_NAME


@dataclass
class _Series:
    number: int
    role: str
    template: str
    description: str
    instances: int
    uid: str = ""


@dataclass
class _Study:
    patient: Patient
    when: datetime
    procedure: Procedure
    accession: str
    hospital: Hospital
    referring: Staff
    reader: Staff
    technologist: Staff
    device: tuple[str, str]  # station name, serial number
    prior: _Study | None
    uid: str = ""
    series: list[_Series] = field(default_factory=list)


class _Writer:
    def __init__(self, root: Path, seed: int) -> None:
        self.root, self.seed = root, seed
        self.rng = random.Random(seed)
        self.people = People(self.rng)
        self.templates = Templates(TEMPLATES, UID_PREFIX + "0")
        self.files = 0

    def uid(self, *parts: Any) -> str:
        """Return a UID derived from the seed and a key, under UID_PREFIX."""
        return str(generate_uid(UID_PREFIX, ["|".join(map(str, (self.seed, *parts)))]))

    # ------------------------------------------------------------------ planning
    def plan(self) -> list[_Study]:
        """Decide every patient, study and series before anything is written."""
        rng, people = self.rng, self.people
        hospitals = []
        for _ in range(2):
            hospital = people.hospital()
            staff = {"radiologist": [people.staff(physician=True) for _ in range(3)],
                     "referring": [people.staff(physician=True) for _ in range(4)],
                     "technologist": [people.staff(physician=False) for _ in range(2)]}
            devices = {m: (f"SITE{len(hospitals) + 1}{m}1", people.serial_number()) for m in MODALITIES}
            hospitals.append((hospital, staff, devices))
        studies: list[_Study] = []
        for index in range(PATIENTS):
            hospital, staff, devices = rng.choice(hospitals)
            patient = people.patient(over_89=index == PATIENTS - 1)  # one patient whose age HIPAA aggregates
            when = datetime.combine(FIRST_STUDY + timedelta(days=rng.randint(0, FIRST_STUDY_SPAN_DAYS)), time(0))
            prior = None
            for number in range(2):  # every patient has a prior, so intervals show up
                if number:
                    when += timedelta(days=rng.randint(30, 900))
                when = when.replace(hour=rng.randint(7, 19), minute=rng.randint(0, 59), second=rng.randint(0, 59))
                modality = MODALITIES[len(studies) % len(MODALITIES)]  # every modality shows up
                study = _Study(patient, when, PROCEDURES[rng.choice(PROCEDURES_BY_MODALITY[modality])],
                               people.accession(), hospital, rng.choice(staff["referring"]),
                               rng.choice(staff["radiologist"]), rng.choice(staff["technologist"]),
                               devices[modality], prior)
                study.uid = self.uid("study", index, number)
                study.series = self._plan_series(modality, study.procedure)
                for series in study.series:
                    series.uid = self.uid("series", study.uid, series.number)
                studies.append(study)
                prior = study
        return studies

    def _plan_series(self, modality: str, procedure: Procedure) -> list[_Series]:
        rng = self.rng
        plan: list[tuple[str, str, str, int]] = []  # role, template, description, instances
        if modality == "CT":
            if rng.random() < 0.5:
                plan.append(("localizer", "CT", "SCOUT", 1))
            plan.append(("axial", "CT", rng.choice(("AX 5MM STD", "AXIAL 5.0 SOFT TISSUE", "AX LUNG 5MM")),
                         rng.randint(4, 6)))
            if rng.random() < 0.5:
                plan.append(("reformat", "CT", "COR MPR 3MM", 2))
        elif modality == "MR":
            plan.append(("t2", "MR", "AX T2 FSE", rng.randint(4, 6)))
            if rng.random() < 0.7:
                plan.append(("t1", rng.choice(("MR_RLE", "MR_J2K")), "SAG T1 POST", rng.randint(4, 6)))
            if rng.random() < 0.4:
                plan.append(("dwi", "MR", "AX DWI B1000", rng.randint(3, 5)))
        elif modality == "CR":
            for view in ("PA", "LL")[: rng.randint(1, 2)]:
                plan.append((f"cr_{view.lower()}", "CR", f"{procedure.body_part} {view}", rng.randint(1, 2)))
        else:
            for view in ("TRANSVERSE", "SAGITTAL")[: rng.randint(1, 2)]:
                plan.append(("us", "US", f"{procedure.body_part} {view}", rng.randint(3, 5)))
        return [_Series(n, role, template, description, count)
                for n, (role, template, description, count) in enumerate(plan, start=1)]

    # ------------------------------------------------------------------ writing
    def write(self, study: _Study) -> None:
        """Write every instance of one study."""
        pt = study.patient
        folder = self.root / CORPUS_DIRNAME / pt.mrn / f"{study.when:%Y%m%d}_{study.accession}"
        for series in study.series:
            for number in range(1, series.instances + 1):
                ds = self.templates.load(series.template)
                self._header(ds, study, series, number)
                path = folder / f"SE{series.number:03d}_{series.role.upper()}" / f"IM{number:05d}.dcm"
                path.parent.mkdir(parents=True, exist_ok=True)
                ds.save_as(path, enforce_file_format=True)
                self.files += 1

    def _header(self, ds: Dataset, study: _Study, series: _Series, number: int) -> None:
        pt, when, hospital = study.patient, study.when, study.hospital
        acquired = when + timedelta(minutes=series.number, seconds=number)
        modality = study.procedure.modality
        ds.SOPClassUID = SOP_CLASSES[modality]
        ds.SOPInstanceUID = self.uid("instance", series.uid, number)
        ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.SpecificCharacterSet = "ISO_IR 100"
        ds.InstanceCreationDate, ds.InstanceCreationTime = f"{when:%Y%m%d}", f"{when:%H%M%S}"
        ds.PatientName = pt.name.dicom()
        ds.PatientID = pt.mrn
        ds.IssuerOfPatientID = hospital.issuer
        ds.PatientBirthDate = f"{pt.birth_date:%Y%m%d}"
        ds.PatientSex = pt.sex
        years = when.year - pt.birth_date.year - ((when.month, when.day) < (pt.birth_date.month, pt.birth_date.day))
        ds.PatientAge = f"{years:03d}Y"
        ds.PatientAddress = pt.address
        ds.PatientTelephoneNumbers = pt.phone
        ds.StudyInstanceUID = study.uid
        ds.StudyDate, ds.StudyTime = f"{when:%Y%m%d}", f"{when:%H%M%S}"
        ds.AccessionNumber = study.accession
        ds.StudyID = study.accession[-6:]
        ds.StudyDescription = study.procedure.description
        ds.ReferringPhysicianName = study.referring.name.dicom()
        ds.ReferringPhysicianTelephoneNumbers = study.referring.phone
        ds.NameOfPhysiciansReadingStudy = study.reader.name.dicom()
        code = Dataset()
        code.CodeValue, code.CodingSchemeDesignator = study.procedure.code, "99CLEANRM"
        code.CodeMeaning = study.procedure.description
        ds.ProcedureCodeSequence = Sequence([code])
        if study.prior is not None:
            prior = Dataset()
            prior.ReferencedSOPClassUID, prior.ReferencedSOPInstanceUID = PRIOR_STUDY_CLASS, study.prior.uid
            ds.ReferencedStudySequence = Sequence([prior])
        ds.SeriesInstanceUID = series.uid
        ds.SeriesNumber = series.number
        ds.SeriesDate, ds.SeriesTime = f"{when:%Y%m%d}", f"{when + timedelta(minutes=series.number):%H%M%S}"
        ds.Modality = modality
        ds.SeriesDescription = series.description
        ds.BodyPartExamined = study.procedure.body_part
        ds.OperatorsName = study.technologist.name.dicom()
        ds.InstitutionName = hospital.name
        ds.InstitutionAddress = hospital.address
        ds.StationName, ds.DeviceSerialNumber = study.device
        ds.InstanceNumber = number
        ds.ContentDate, ds.ContentTime = f"{acquired:%Y%m%d}", f"{acquired:%H%M%S}"
        ds.AcquisitionDate, ds.AcquisitionTime = f"{acquired:%Y%m%d}", f"{acquired:%H%M%S}"
        block = ds.private_block(0x0009, PRIVATE_CREATOR, create=True)
        block.add_new(0x10, "LO", f"Worklist entry for {pt.name.last_first}")
        if modality == "US":
            put_ultrasound_frame(ds, burned_in_frame([pt.name.family.upper(), pt.mrn, f"{when:%m/%d/%Y}"]))
            ds.BurnedInAnnotation = "YES"
            return
        ds.FrameOfReferenceUID = self.uid("frame", study.uid)
        ds.PositionReferenceIndicator = ""
        ds.ImageType = IMAGE_TYPES.get(series.role, ["ORIGINAL", "PRIMARY"])
        if modality == "CR":
            ds.ViewPosition = series.role.split("_")[1].upper()
            ds.WindowCenter, ds.WindowWidth = "2048", "4096"
        elif modality == "MR":
            z = 6.6406 + 0.8 * (number - 1)
            ds.ImagePositionPatient, ds.SliceLocation = ["-83.9063", "-91.2000", f"{z:.4f}"], f"{z:.4f}"
            ds.WindowCenter, ds.WindowWidth = "600", "1200"
        else:
            z = -75.0 - 5.0 * (number - 1)
            ds.ImagePositionPatient, ds.SliceLocation = ["-158.135803", "-179.035797", f"{z:.1f}"], f"{z:.1f}"
            lung = "LUNG" in series.description
            ds.WindowCenter, ds.WindowWidth = ("-600", "1500") if lung else ("40", "400")

    def record(self, study: _Study) -> dict[str, Any]:
        """Return the study as the report writer reads it."""
        pt, prior = study.patient, study.prior
        return {
            "study_instance_uid": study.uid,
            "study_date": f"{study.when:%Y%m%d}",
            "modality": study.procedure.modality,
            "procedure": study.procedure.code,
            "accession": study.accession,
            "prior_study_date": f"{prior.when:%Y%m%d}" if prior else None,
            "prior_modality": prior.procedure.modality if prior else None,
            "patient": {"name": pt.name.dicom(), "mrn": pt.mrn, "birth_date": f"{pt.birth_date:%Y%m%d}",
                        "sex": pt.sex},
            "referring_physician": {"name": study.referring.name.dicom(), "phone": study.referring.phone},
            "radiologist": {"name": study.reader.name.dicom()},
            "institution": {"name": study.hospital.name, "phone": study.hospital.phone},
        }


def generate_demo_archive(root: Path, seed: int = 2024) -> DemoArchive:
    """Write the demo archive (24 studies of 12 patients, about 150 DICOM files, one report per study) to root."""
    root = Path(root)
    writer = _Writer(root, seed)
    studies = writer.plan()
    for study in studies:
        writer.write(study)
    records = [writer.record(study) for study in studies]
    reports = generate_reports(records, seed)
    (root / REPORTS_NAME).write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in reports), encoding="utf-8")
    return DemoArchive(root, records, writer.files)
