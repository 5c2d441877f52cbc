"""An adversarial synthetic DICOM corpus with ground truth, for de-identification tests and benchmarks.

`generate_corpus` writes `<out_dir>/corpus/...` (DICOM files in a deep folder tree, plus a few
non-DICOM and broken files) and `<out_dir>/manifest.json`, which records for every file the UIDs
it carries, the references it makes, every PHI string injected (and where), and the clinical
attributes a de-identifier must leave alone. The ground truth sits outside the corpus folder so a
pipeline pointed at `corpus/` never sees it.

Pixel data and technical attributes come from pydicom's bundled test files, used as templates;
all identity comes from Faker (seeded), so the same seed gives byte-identical output.
"""

from __future__ import annotations

import io
import json
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.tag import Tag
from pydicom.uid import generate_uid

from app.demo.images import Templates, burned_in_frame, put_ultrasound_frame
from app.demo.procedures import PROCEDURES, PROCEDURES_BY_MODALITY, Procedure

from . import phi as K
from .leaks import iter_references
from .phi import PhiFactory, PhiValue, SyntheticDevice, SyntheticInstitution, SyntheticPatient, SyntheticStaff

MANIFEST_NAME = "manifest.json"
CORPUS_DIRNAME = "corpus"
MANIFEST_FORMAT = "cleanroom.synth.corpus/1"
# All generated UIDs share this root, so an original UID surviving in output is easy to spot.
SYNTH_UID_PREFIX = "1.2.826.0.1.3680043.8.498.77."

CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4"
CR_IMAGE = "1.2.840.10008.5.1.4.1.1.1"
US_IMAGE = "1.2.840.10008.5.1.4.1.1.6.1"
US_MULTIFRAME = "1.2.840.10008.5.1.4.1.1.3.1"
SC_IMAGE = "1.2.840.10008.5.1.4.1.1.7"
COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33"
RT_STRUCT = "1.2.840.10008.5.1.4.1.1.481.3"
RT_PLAN = "1.2.840.10008.5.1.4.1.1.481.5"
RT_DOSE = "1.2.840.10008.5.1.4.1.1.481.2"
DETACHED_STUDY = "1.2.840.10008.3.1.2.3.1"
DETACHED_PATIENT = "1.2.840.10008.3.1.2.1.1"
MPPS = "1.2.840.10008.3.1.2.3.3"
SC_CLASSES = frozenset(
    {
        SC_IMAGE,
        "1.2.840.10008.5.1.4.1.1.7.1",
        "1.2.840.10008.5.1.4.1.1.7.2",
        "1.2.840.10008.5.1.4.1.1.7.3",
        "1.2.840.10008.5.1.4.1.1.7.4",
    }
)

# pydicom test files used as templates (all ship inside the pydicom wheel; nothing is downloaded).
TEMPLATES: dict[str, str] = {
    "CT": "CT_small.dcm",
    "MR": "MR_small.dcm",
    "MR_RLE": "MR_small_RLE.dcm",
    "MR_JLS": "MR_small_jpeg_ls_lossless.dcm",
    "MR_J2K": "MR_small_jp2klossless.dcm",
    "MR_IMPLICIT": "MR_small_implicit.dcm",
    "MR_BIGENDIAN": "MR_small_bigendian.dcm",
    "CR": "dicomdirtests/77654033/CR1/6154",
    "US": "SC_rgb_small_odd.dcm",
    "US_CINE": "SC_rgb_rle_2frame.dcm",
    "SC": "SC_rgb_jpeg.dcm",
    "SR": "test-SR.dcm",
    "RTSTRUCT": "rtstruct.dcm",
    "RTPLAN": "rtplan.dcm",
    "RTDOSE": "rtdose_1frame.dcm",
}

# Attributes a de-identifier must leave untouched; recorded per file with their values.
PRESERVE_KEYWORDS = (
    "SOPClassUID",
    "Modality",
    "Rows",
    "Columns",
    "PixelSpacing",
    "ImagerPixelSpacing",
    "SliceThickness",
    "KVP",
    "BodyPartExamined",
    "PatientSex",
    "PatientAge",
    "PatientSize",
    "PatientWeight",
    "Manufacturer",
    "ManufacturerModelName",
    "ImageType",
    "WindowCenter",
    "WindowWidth",
    "PhotometricInterpretation",
    "BitsAllocated",
    "SamplesPerPixel",
    "NumberOfFrames",
    "RepetitionTime",
    "EchoTime",
    "ViewPosition",
    "ConvolutionKernel",
)

# =========================================================================== manifest
@dataclass
class CorpusManifest:
    """Ground truth for a generated corpus: the parsed manifest.json plus where it lives."""

    root: Path
    data: dict[str, Any]

    @property
    def manifest_path(self) -> Path:
        """Path of manifest.json."""
        return self.root / MANIFEST_NAME

    @property
    def corpus_dir(self) -> Path:
        """Folder holding the corpus files (point a pipeline here)."""
        return self.root / self.data["corpus_dir"]

    @property
    def seed(self) -> int:
        """Seed the corpus was generated with."""
        return int(self.data["seed"])

    @property
    def files(self) -> list[dict[str, Any]]:
        """Per-file records (every kind)."""
        return self.data["files"]

    @property
    def dicom_files(self) -> list[dict[str, Any]]:
        """Per-file records of valid DICOM files."""
        return [f for f in self.data["files"] if f["kind"] == "dicom"]

    @property
    def studies(self) -> list[dict[str, Any]]:
        """Per-study records (the input shape generate_reports expects)."""
        return self.data["studies"]

    @property
    def patients(self) -> list[dict[str, Any]]:
        """Per-patient identity records."""
        return self.data["patients"]

    def phi_values(self, *, include_dates: bool = False, include_all: bool = False) -> list[PhiValue]:
        """Return corpus-wide PHI values; dates become searchable with include_dates, everything with include_all."""
        out = []
        for entry in self.data["phi"]:
            search = entry["search"] or include_all or (include_dates and entry["kind"] == K.DATE)
            patients = entry.get("patients") or []
            out.append(PhiValue(entry["value"], entry["kind"], patients[0] if len(patients) == 1 else None, search))
        return out

    def uid_values(self) -> list[PhiValue]:
        """Return every generated UID as a searchable value (to prove originals were remapped)."""
        uids = {
            f[key]
            for f in self.dicom_files
            for key in ("sop_instance_uid", "series_instance_uid", "study_instance_uid", "frame_of_reference_uid")
            if f.get(key)
        }
        return [PhiValue(u, K.UID, None, True) for u in sorted(uids)]

    def to_json(self) -> str:
        """Serialise deterministically (sorted keys, no timestamps, relative paths only)."""
        return json.dumps(self.data, sort_keys=True, separators=(",", ":"))

    @classmethod
    def load(cls, path: Path) -> CorpusManifest:
        """Load from manifest.json or from the folder containing it."""
        path = Path(path)
        if path.is_dir():
            path = path / MANIFEST_NAME
        return cls(root=path.parent, data=json.loads(path.read_text(encoding="utf-8")))


# =========================================================================== plan
@dataclass
class _Instance:
    uid: str
    number: int
    path: str
    series: _Series


@dataclass
class _Series:
    uid: str
    number: int
    role: str
    template: str
    sop_class: str
    modality: str
    description: str
    frame_of_reference: str | None
    folder: str
    file_style: str
    flags: dict[str, Any]
    instances: list[_Instance] = field(default_factory=list)


@dataclass
class _Study:
    uid: str
    index: int
    patient: SyntheticPatient
    patient_folder: str
    phi_paths: bool
    when: datetime
    accession: str
    study_id: str
    procedure: Procedure
    institution: SyntheticInstitution
    device: SyntheticDevice
    referring: SyntheticStaff
    reader: SyntheticStaff
    operators: list[SyntheticStaff]
    name_value: str
    description: str
    description_phi: list[tuple[str, str]]
    ids: dict[str, str]
    folder: str
    prior: _Study | None
    dangling_prior: str | None
    series: list[_Series] = field(default_factory=list)

    def role(self, role: str) -> _Series | None:
        """Return the study's series with a given role, if any."""
        return next((s for s in self.series if s.role == role), None)


class _Record:
    """PHI strings injected into one file, with their location and owner."""

    def __init__(self) -> None:
        self.phi: list[tuple[str, str, str, str | None]] = []

    def add(self, where: str, value: Any, kind: str, owner: str | None) -> None:
        """Record one PHI string (empty values are skipped)."""
        text = str(value)
        if text.strip():
            self.phi.append((where, text, kind, owner))


def _da(d: date | datetime) -> str:
    return d.strftime("%Y%m%d")


def _tm(d: datetime | time) -> str:
    return d.strftime("%H%M%S")


def _code(value: str, scheme: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue = value
    item.CodingSchemeDesignator = scheme
    item.CodeMeaning = meaning
    return item


def _json_value(value: Any) -> Any:
    """Turn a pydicom value into plain JSON (lists for multi-values, strings for numbers-as-text)."""
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return [_json_value(v) for v in value]
    if isinstance(value, (int, float)) and type(value) in (int, float):
        return value
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _overlay_bits(rows: int, cols: int) -> bytes:
    mask = np.zeros((rows, cols), dtype=np.uint8)
    mask[rows // 4 : 3 * rows // 4, cols // 4] = 1
    mask[rows // 4 : 3 * rows // 4, 3 * cols // 4 - 1] = 1
    mask[rows // 4, cols // 4 : 3 * cols // 4] = 1
    mask[3 * rows // 4 - 1, cols // 4 : 3 * cols // 4] = 1
    packed = np.packbits(mask.ravel(), bitorder="little").tobytes()
    return packed + (b"\0" if len(packed) % 2 else b"")


# =========================================================================== generator
class _Generator:
    def __init__(
        self,
        out_dir: Path,
        *,
        patients: int,
        seed: int,
        studies_per_patient: tuple[int, int],
        series_per_study: tuple[int, int],
        instances_per_series: tuple[int, int],
        modalities: tuple[str, ...],
        include_junk: bool,
        dangling_references: bool,
        phi_in_paths: bool,
        rt_fraction: float,
        institutions: int,
        min_files: int = 0,
    ) -> None:
        self.min_files = min_files
        self.out_dir = Path(out_dir)
        self.corpus = self.out_dir / CORPUS_DIRNAME
        self.seed = seed
        self.params = {
            "patients": patients,
            "seed": seed,
            "studies_per_patient": list(studies_per_patient),
            "series_per_study": list(series_per_study),
            "instances_per_series": list(instances_per_series),
            "modalities": list(modalities),
            "include_junk": include_junk,
            "dangling_references": dangling_references,
            "phi_in_paths": phi_in_paths,
            "rt_fraction": rt_fraction,
            "institutions": institutions,
            "min_files": min_files,
        }
        self.n_patients = patients
        self.studies_per_patient = studies_per_patient
        self.series_per_study = series_per_study
        self.instances_per_series = instances_per_series
        self.modalities = modalities
        self.include_junk = include_junk
        self.dangling = dangling_references
        self.phi_in_paths = phi_in_paths
        self.rt_fraction = rt_fraction
        self.rng = random.Random(seed)
        self.factory = PhiFactory(seed)
        self.templates = Templates(TEMPLATES, SYNTH_UID_PREFIX + "0")
        self.institutions = [self.factory.institution() for _ in range(max(1, institutions))]
        self.staff: dict[tuple[str, str], list[SyntheticStaff]] = {}
        self.devices: dict[tuple[str, str], list[SyntheticDevice]] = {}
        for inst in self.institutions:
            for role, count in (("radiologist", 3), ("referring", 5), ("technologist", 4)):
                self.staff[(inst.key, role)] = [self.factory.staff(role, inst) for _ in range(count)]
            for modality in ("CT", "MR", "CR", "US", "RT"):
                self.devices[(inst.key, modality)] = [self.factory.device(modality, inst) for _ in range(2)]
        self.studies: list[_Study] = []
        self.patients: list[SyntheticPatient] = []
        self.patient_uids: dict[str, str] = {}
        self.records: list[dict[str, Any]] = []
        self.targets: dict[str, set[str]] = {
            "instance": set(),
            "series": set(),
            "study": set(),
            "frame_of_reference": set(),
        }
        self._pixel_cache: dict[str, bytes] = {}

    # ------------------------------------------------------------------ UIDs
    def uid(self, *parts: Any) -> str:
        """Deterministic UID from the seed and a key, under SYNTH_UID_PREFIX."""
        # pydicom concatenates entropy sources, so join with a separator to keep keys unambiguous.
        return str(generate_uid(SYNTH_UID_PREFIX, ["|".join(map(str, (self.seed, *parts)))]))

    # ------------------------------------------------------------------ planning
    def plan(self) -> None:
        """Decide every patient, study, series and instance (UIDs and paths) before writing."""
        rng = self.rng
        p_index = -1
        planned = 0
        while p_index + 1 < self.n_patients or planned < self.min_files:
            p_index += 1
            home = rng.choice(self.institutions)
            patient = self.factory.patient(home, oldest=(p_index % 37 == 11))
            self.patients.append(patient)
            self.patient_uids[patient.key] = self.uid("patient", patient.key)
            phi_paths = self.phi_in_paths and rng.random() < 0.33
            name_folder = f"{patient.name.family.upper()}_{patient.name.given.upper()}_{patient.mrn}"
            folder = f"site{self.institutions.index(home) + 1}/" + (
                name_folder if phi_paths else f"PAT{p_index + 1:05d}"
            )
            if rng.random() < 0.25:
                folder += "/EXPORT/DICOM"  # some exports nest deeper for no reason at all
            when = datetime.combine(self.factory.date_between(date(2014, 1, 1), date(2021, 6, 30)), time(0))
            prior: _Study | None = None
            n_studies = rng.randint(*self.studies_per_patient)
            for s_index in range(n_studies):
                if s_index:
                    when = when + timedelta(days=rng.randint(30, 900))  # intervals of months to years
                when = when.replace(hour=rng.randint(7, 19), minute=rng.randint(0, 59), second=rng.randint(0, 59))
                if prior is not None and rng.random() < 0.6:  # follow-ups tend to repeat the modality
                    modality = prior.procedure.modality
                else:
                    modality = rng.choice(self.modalities)
                study = self._plan_study(patient, home, folder, phi_paths, when, modality, prior, s_index)
                self.studies.append(study)
                planned += sum(len(se.instances) for se in study.series)
                prior = study

    def _plan_study(
        self,
        patient: SyntheticPatient,
        home: SyntheticInstitution,
        patient_folder: str,
        phi_paths: bool,
        when: datetime,
        modality: str,
        prior: _Study | None,
        s_index: int,
    ) -> _Study:
        rng, f = self.rng, self.factory
        inst = home if rng.random() < 0.85 else rng.choice(self.institutions)
        procedure = PROCEDURES[rng.choice(PROCEDURES_BY_MODALITY[modality])]
        accession = f.accession_number()
        key = f"{patient.key}-{s_index}"
        study_uid = self.uid("study", key)
        name = patient.name
        name_value = rng.choice([name.dicom(), name.dicom(), name.dicom(upper=True), name.dicom(middle_initial=True)])
        description, description_phi = procedure.description, []
        roll = rng.random()
        if roll < 0.15:
            description = f"{procedure.description} F/U {name.family.upper()}"
            description_phi = [(name.family.upper(), K.PERSON_NAME)]
        elif roll < 0.3:
            description = f"{procedure.description} ({patient.mrn})"
            description_phi = [(patient.mrn, K.IDENTIFIER)]
        date_part = _da(when)
        folder = f"{date_part}_{accession}" if phi_paths else f"study{s_index + 1:02d}_{modality}"
        study = _Study(
            uid=study_uid,
            index=s_index,
            patient=patient,
            patient_folder=patient_folder,
            phi_paths=phi_paths,
            when=when,
            accession=accession,
            study_id=f.study_id(),
            procedure=procedure,
            institution=inst,
            device=rng.choice(self.devices[(inst.key, modality)]),
            referring=rng.choice(self.staff[(inst.key, "referring")]),
            reader=rng.choice(self.staff[(inst.key, "radiologist")]),
            operators=rng.sample(self.staff[(inst.key, "technologist")], rng.randint(1, 2)),
            name_value=name_value,
            description=description,
            description_phi=description_phi,
            ids={
                "requested_procedure": f.procedure_id("RP"),
                "scheduled_step": f.procedure_id("SPS"),
                "performed_step": f.procedure_id("PPS"),
                "placer_order": f.procedure_id("PO"),
                "filler_order": f.procedure_id("FO"),
                "mpps_uid": self.uid("mpps", key),
            },
            folder=folder,
            prior=prior,
            dangling_prior=self.uid("outside-prior", key) if self.dangling and rng.random() < 0.5 else None,
        )
        self.targets["study"].add(study_uid)
        getattr(self, f"_plan_{modality.lower()}")(study)
        for series in study.series:
            self._plan_instances(study, series)
        return study

    def _count(self) -> int:
        return self.rng.randint(*self.instances_per_series)

    def _add_series(
        self,
        study: _Study,
        role: str,
        template: str,
        sop_class: str,
        modality: str,
        description: str,
        count: int,
        *,
        frame: str | None = None,
        **flags: Any,
    ) -> _Series:
        rng = self.rng
        number = len(study.series) + 1
        image = modality in ("CT", "MR", "CR") and role not in ("sc", "sr")
        defaults = {
            "private": rng.random() < 0.7,
            "private_sq": rng.random() < 0.5,
            "un_private": rng.random() < 0.3,
            "safe_private": modality in ("CT", "MR") and rng.random() < 0.7,
            "overlay": image and template != "MR_BIGENDIAN" and rng.random() < 0.3,
            "curve": image and modality != "CR" and template != "MR_BIGENDIAN" and rng.random() < 0.15,
            "series_phi": rng.random() < 0.15,
            "image_comments": rng.random() < 0.4,
            "sparse": modality == "CR" and rng.random() < 0.3,
            "burned_in": None,
            "pixel_text": False,
        }
        defaults.update(flags)
        style = rng.choice(["IM{n:05d}.dcm", "IM{n:05d}.dcm", "{n:08d}", "IMG_{n:04d}.DCM", "{uid}.dcm"])
        series = _Series(
            uid=self.uid("series", study.uid, number),
            number=number,
            role=role,
            template=template,
            sop_class=sop_class,
            modality=modality,
            description=description,
            frame_of_reference=frame,
            folder=f"SE{number:03d}_{role.upper()}",
            file_style=style,
            flags=defaults,
        )
        self.targets["series"].add(series.uid)
        if frame:
            self.targets["frame_of_reference"].add(frame)
        series.flags["count"] = count
        study.series.append(series)
        return series

    def _plan_instances(self, study: _Study, series: _Series) -> None:
        base = f"{study.patient_folder}/{study.folder}/{series.folder}"
        for n in range(1, series.flags["count"] + 1):
            uid = self.uid("instance", series.uid, n)
            name = series.file_style.format(n=n, uid=uid)
            series.instances.append(_Instance(uid=uid, number=n, path=f"{base}/{name}", series=series))
            self.targets["instance"].add(uid)

    def _n_series(self) -> int:
        return self.rng.randint(*self.series_per_study)

    def _plan_ct(self, study: _Study) -> None:
        rng = self.rng
        frame = self.uid("for", study.uid)
        n = self._n_series()
        if n >= 2 or rng.random() < 0.5:
            self._add_series(study, "localizer", "CT", CT_IMAGE, "CT", "SCOUT", 1, frame=frame)
        self._add_series(
            study,
            "axial",
            "CT",
            CT_IMAGE,
            "CT",
            rng.choice(["AX 5MM STD", "AXIAL 5.0 SOFT TISSUE", "AX LUNG 5MM"]),
            self._count(),
            frame=frame,
        )
        if n >= 3 or rng.random() < 0.3:
            self._add_series(study, "reformat", "CT", CT_IMAGE, "CT", "COR MPR 3MM", 2, frame=frame)
        if rng.random() < 0.5:
            burned = rng.choice(["YES", "YES", None, "NO"])
            self._add_series(
                study, "sc", "SC", SC_IMAGE, "CT", "DOSE REPORT", 1, burned_in=burned, private=False, private_sq=False
            )
        if rng.random() < 0.4:
            self._add_series(study, "sr", "SR", COMPREHENSIVE_SR, "SR", "RADIOLOGY REPORT", 1)
        if study.procedure.code == "CTCHESTC" and rng.random() < self.rt_fraction:
            self._add_series(study, "rtstruct", "RTSTRUCT", RT_STRUCT, "RTSTRUCT", "STRUCTURES", 1)
            self._add_series(study, "rtplan", "RTPLAN", RT_PLAN, "RTPLAN", "PLAN", 1, frame=frame)
            self._add_series(study, "rtdose", "RTDOSE", RT_DOSE, "RTDOSE", "DOSE", 1, frame=frame)

    def _plan_mr(self, study: _Study) -> None:
        rng = self.rng
        frame = self.uid("for", study.uid)
        n = self._n_series()
        self._add_series(
            study,
            "t2",
            rng.choice(["MR", "MR", "MR_IMPLICIT"]),
            MR_IMAGE,
            "MR",
            "AX T2 FSE",
            self._count(),
            frame=frame,
        )
        if n >= 2:
            self._add_series(
                study,
                "t1",
                rng.choice(["MR_RLE", "MR_JLS", "MR_J2K"]),
                MR_IMAGE,
                "MR",
                "SAG T1 POST",
                self._count(),
                frame=frame,
            )
        if n >= 3:
            dwi = self._add_series(
                study, "dwi", rng.choice(["MR", "MR_J2K"]), MR_IMAGE, "MR", "AX DWI B1000", self._count(), frame=frame
            )
            if rng.random() < 0.7:
                template = "MR_BIGENDIAN" if rng.random() < 0.3 else "MR"
                self._add_series(study, "adc", template, MR_IMAGE, "MR", "ADC MAP", dwi.flags["count"], frame=frame)
        if rng.random() < 0.3:
            self._add_series(study, "sr", "SR", COMPREHENSIVE_SR, "SR", "RADIOLOGY REPORT", 1)

    def _plan_cr(self, study: _Study) -> None:
        rng = self.rng
        views = ["PA", "LL"][: max(1, min(2, self._n_series()))]
        for view in views:
            self._add_series(
                study,
                f"cr_{view.lower()}",
                "CR",
                CR_IMAGE,
                "CR",
                f"{study.procedure.body_part} {view}",
                rng.randint(1, 2),
            )
        if rng.random() < 0.2:
            self._add_series(study, "sr", "SR", COMPREHENSIVE_SR, "SR", "RADIOLOGY REPORT", 1)

    def _plan_us(self, study: _Study) -> None:
        rng = self.rng
        # The attribute and the pixels can disagree: a "NO" here still has text burned in.
        burned = rng.choice(["YES", "YES", None, None, "NO"])
        for i in range(max(1, min(2, self._n_series()))):
            self._add_series(
                study,
                "us" if i == 0 else "us2",
                "US",
                US_IMAGE,
                "US",
                rng.choice(["LIVER", "RUQ", "THYROID RT"]),
                rng.randint(2, 4),
                burned_in=burned,
                pixel_text=True,
            )
        if rng.random() < 0.5:
            self._add_series(study, "cine", "US_CINE", US_MULTIFRAME, "US", "CINE", 1, burned_in=burned)

    # ------------------------------------------------------------------ writing
    def write(self) -> None:
        """Write every planned DICOM instance."""
        for study in self.studies:
            for series in study.series:
                for inst in series.instances:
                    self._write_instance(study, series, inst)

    def _put(
        self, ds: Dataset, rec: _Record, keyword: str, value: Any, kind: str, owner: str | None, where: str = ""
    ) -> None:
        setattr(ds, keyword, value)
        values = value if isinstance(value, list) else [value]
        for v in values:
            rec.add(where + keyword, v, kind, owner)

    def _text(
        self,
        ds: Dataset,
        rec: _Record,
        keyword: str,
        text: str,
        embedded: Iterable[tuple[str, str, str | None]],
        where: str = "",
    ) -> None:
        setattr(ds, keyword, text)
        for value, kind, owner in embedded:
            assert value in text, (value, text)  # ground truth must be literally present
            rec.add(where + keyword, value, kind, owner)

    def _write_instance(self, study: _Study, series: _Series, inst: _Instance) -> None:
        ds = self.templates.load(series.template)
        rec = _Record()
        self._common(ds, rec, study, series, inst)
        getattr(self, f"_role_{series.role.split('_')[0]}")(ds, rec, study, series, inst)  # cr_pa -> _role_cr
        flags = series.flags
        if flags["private"]:
            self._private_block(ds, rec, study, series)
        if flags["private_sq"]:
            self._private_sequence(ds, rec, study)
        if flags["un_private"]:
            self._un_private(ds, rec, study)
        safe = self._safe_private(ds, series) if flags["safe_private"] else []
        if flags["overlay"]:
            self._overlay(ds, rec, study)
        if flags["curve"]:
            self._curve(ds, rec, study)

        meta = ds.file_meta
        meta.MediaStorageSOPClassUID = series.sop_class
        meta.MediaStorageSOPInstanceUID = inst.uid
        meta.SourceApplicationEntityTitle = study.device.ae_title
        rec.add("SourceApplicationEntityTitle", study.device.ae_title, K.DEVICE, None)
        preamble = bytes(128)
        if self.rng.random() < 0.03:
            # Some exporters stamp the patient into the 128-byte preamble; parsers never look there.
            text = f"EXPORT {study.patient.name.dicom().upper()} {study.patient.mrn}"
            preamble = text.encode("ascii")[:128].ljust(128, b"\0")
            rec.add("preamble", study.patient.name.dicom().upper(), K.PERSON_NAME, study.patient.key)
            rec.add("preamble", study.patient.mrn, K.IDENTIFIER, study.patient.key)
        ds.preamble = preamble

        path = self.corpus / inst.path
        path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        ds.save_as(buf, enforce_file_format=True)
        path.write_bytes(buf.getvalue())

        if study.phi_paths:
            rec.add(
                "<path>",
                f"{study.patient.name.family.upper()}_{study.patient.name.given.upper()}",
                K.PERSON_NAME,
                study.patient.key,
            )
            rec.add("<path>", study.patient.mrn, K.IDENTIFIER, study.patient.key)
            rec.add("<path>", study.accession, K.IDENTIFIER, study.patient.key)
            rec.add("<path>", _da(study.when), K.DATE, study.patient.key)
        if series.file_style.startswith("{uid}"):
            rec.add("<path>", inst.uid, K.UID, study.patient.key)

        references = []
        for where, kind, uid in iter_references(ds):
            resolves = kind != "external" and uid in self.targets[kind]
            references.append({"where": where, "type": kind, "uid": uid, "resolves": resolves})
        burned_attr = ds.get("BurnedInAnnotation")
        is_sc = series.sop_class in SC_CLASSES
        self.records.append(
            {
                "path": inst.path,
                "kind": "dicom",
                "patient": study.patient.key,
                "modality": series.modality,
                "role": series.role,
                "template": TEMPLATES[series.template],
                "transfer_syntax": str(ds.file_meta.TransferSyntaxUID),
                "sop_class_uid": series.sop_class,
                "sop_instance_uid": inst.uid,
                "study_instance_uid": study.uid,
                "series_instance_uid": series.uid,
                "frame_of_reference_uid": series.frame_of_reference,
                "instance_number": inst.number,
                "references": references,
                "phi": [{"where": w, "value": v, "kind": k} for w, v, k, _ in rec.phi],
                "_owners": [o for _, _, _, o in rec.phi],
                "preserve": {
                    kw: _json_value(ds[kw].value)
                    for kw in PRESERVE_KEYWORDS
                    if kw in ds and ds[kw].value not in (None, "")
                },
                "safe_private": safe,
                "burned_in_annotation": burned_attr,
                "burned_in_risk": burned_attr == "YES" or (burned_attr is None and (series.modality == "US" or is_sc)),
                "pixel_text": self._pixel_text(study) if series.flags.get("pixel_text") else [],
            }
        )

    # ------------------------------------------------------------------ common modules
    def _common(self, ds: Dataset, rec: _Record, study: _Study, series: _Series, inst: _Instance) -> None:
        pt, pk = study.patient, study.patient.key
        sparse = series.flags["sparse"]
        when = study.when
        ref, reader = study.referring, study.reader
        inst_ = study.institution
        put, text = self._put, self._text
        P, ID, DA, TM, DT = K.PERSON_NAME, K.IDENTIFIER, K.DATE, K.TIME, K.DATETIME

        ds.SOPClassUID = series.sop_class
        ds.SOPInstanceUID = inst.uid
        if "SpecificCharacterSet" not in ds:
            ds.SpecificCharacterSet = "ISO_IR 100"
        put(ds, rec, "InstanceCreationDate", _da(when), DA, pk)
        ds.InstanceCreationTime = _tm(when)

        # Patient module, plus the patient attributes that hide PHI in real archives.
        put(ds, rec, "PatientName", study.name_value, P, pk)
        put(ds, rec, "PatientID", pt.mrn, ID, pk)
        put(ds, rec, "IssuerOfPatientID", pt.issuer, K.INSTITUTION, None)
        put(ds, rec, "PatientBirthDate", _da(pt.birth_date), DA, pk)
        ds.PatientSex = pt.sex
        ds.PatientAge = pt.age_on(when.date())
        ds.PatientSize = f"{pt.height_m:.2f}"
        ds.PatientWeight = f"{pt.weight_kg:.1f}"
        if not sparse:
            put(ds, rec, "PatientBirthTime", _tm(pt.birth_time), TM, pk)
            put(ds, rec, "OtherPatientIDs", [pt.old_mrn, pt.insurance_id], ID, pk)
            items = []
            for i, (pid, issuer) in enumerate(
                ((pt.old_mrn, "LEGACY RIS"), (pt.ssn, "US SSA"), (pt.insurance_id, "PAYER"))
            ):
                item = Dataset()
                item.PatientID = pid
                item.IssuerOfPatientID = issuer
                item.TypeOfPatientID = "TEXT"
                rec.add(f"OtherPatientIDsSequence[{i}].PatientID", pid, ID, pk)
                items.append(item)
            ds.OtherPatientIDsSequence = Sequence(items)
            put(ds, rec, "OtherPatientNames", pt.other_name.dicom(), P, pk)
            if pt.sex == "F":
                put(ds, rec, "PatientBirthName", pt.other_name.dicom(), P, pk)
            put(ds, rec, "PatientAddress", pt.address, K.ADDRESS, pk)
            put(ds, rec, "PatientTelephoneNumbers", pt.phone, K.PHONE, pk)
            put(ds, rec, "PatientMotherBirthName", pt.mother_birth_name.dicom(), P, pk)
            put(ds, rec, "EthnicGroup", pt.ethnic_group, K.DEMOGRAPHIC, pk)
            put(ds, rec, "Occupation", pt.occupation, K.DEMOGRAPHIC, pk)
            if pt.military_rank:
                put(ds, rec, "MilitaryRank", pt.military_rank, K.DEMOGRAPHIC, pk)
                put(ds, rec, "BranchOfService", pt.branch_of_service, K.DEMOGRAPHIC, pk)
            put(ds, rec, "AdmissionID", pt.admission_id, ID, pk)
            text(
                ds,
                rec,
                "PatientComments",
                f"Prefers to be called {pt.name.given}. Emergency contact {pt.mother_birth_name.natural}, {pt.phone}.",
                [(pt.name.given, P, pk), (pt.mother_birth_name.natural, P, pk), (pt.phone, K.PHONE, pk)],
            )
            text(
                ds,
                rec,
                "AdditionalPatientHistory",
                f"Prior imaging under MRN {pt.old_mrn}. History per Dr. {ref.name.family}; "
                f"pt {pt.name.natural} reports pain.",
                [(pt.old_mrn, ID, pk), (ref.name.family, P, None), (pt.name.natural, P, pk)],
            )

        # General study module and the order/request attributes around it.
        ds.StudyInstanceUID = study.uid
        put(ds, rec, "StudyDate", _da(when), DA, pk)
        put(ds, rec, "StudyTime", _tm(when), TM, pk)
        put(ds, rec, "AccessionNumber", study.accession, ID, pk)
        put(ds, rec, "StudyID", study.study_id, ID, pk)
        text(ds, rec, "StudyDescription", study.description, [(v, k, pk) for v, k in study.description_phi])
        put(ds, rec, "ReferringPhysicianName", ref.dicom_name, P, None)
        put(ds, rec, "NameOfPhysiciansReadingStudy", reader.dicom_name, P, None)
        if not sparse:
            put(ds, rec, "ReferringPhysicianAddress", ref.address, K.ADDRESS, None)
            put(ds, rec, "ReferringPhysicianTelephoneNumbers", ref.phone, K.PHONE, None)
            put(ds, rec, "PhysiciansOfRecord", ref.dicom_name, P, None)
            put(ds, rec, "RequestingPhysician", ref.dicom_name, P, None)
            put(ds, rec, "RequestingService", inst_.requesting_service, K.INSTITUTION, None)
            text(
                ds,
                rec,
                "RequestedProcedureDescription",
                f"{study.procedure.description} for {pt.name.last_first}",
                [(pt.name.last_first, P, pk)],
            )
            patient_ref = Dataset()
            patient_ref.ReferencedSOPClassUID = DETACHED_PATIENT
            patient_ref.ReferencedSOPInstanceUID = self.patient_uids[pk]
            patient_ref.PatientName = pt.dicom_name  # not allowed here by the standard, seen in the wild
            patient_ref.PatientID = pt.mrn
            rec.add("ReferencedPatientSequence[0].PatientName", pt.dicom_name, P, pk)
            rec.add("ReferencedPatientSequence[0].PatientID", pt.mrn, ID, pk)
            ds.ReferencedPatientSequence = Sequence([patient_ref])
        studies_ref = []
        if study.prior is not None:
            item = Dataset()
            item.ReferencedSOPClassUID = DETACHED_STUDY
            item.ReferencedSOPInstanceUID = study.prior.uid
            studies_ref.append(item)
        if study.dangling_prior and series.role in ("axial", "t2", "cr"):
            item = Dataset()  # a prior from an outside archive: never resolvable
            item.ReferencedSOPClassUID = DETACHED_STUDY
            item.ReferencedSOPInstanceUID = study.dangling_prior
            studies_ref.append(item)
        if studies_ref:
            ds.ReferencedStudySequence = Sequence(studies_ref)
        meaning = f"{study.procedure.description} per Dr. {ref.name.family}"[:64]
        ds.ProcedureCodeSequence = Sequence([_code(study.procedure.code, "99CLEANRM", meaning)])
        if ref.name.family in meaning:
            rec.add("ProcedureCodeSequence[0].CodeMeaning", ref.name.family, P, None)

        # General series module.
        ds.SeriesInstanceUID = series.uid
        ds.SeriesNumber = series.number
        ds.Modality = series.modality
        put(ds, rec, "SeriesDate", _da(when), DA, pk)
        ds.SeriesTime = _tm(when + timedelta(minutes=series.number))
        if series.flags["series_phi"]:
            text(
                ds,
                rec,
                "SeriesDescription",
                f"{series.description} {pt.name.given} {pt.name.family}"[:64],
                [(pt.name.natural, P, pk)],
            )
        else:
            ds.SeriesDescription = series.description
        ds.BodyPartExamined = study.procedure.body_part
        put(ds, rec, "OperatorsName", [op.dicom_name for op in study.operators], P, None)
        put(ds, rec, "PerformingPhysicianName", reader.dicom_name, P, None)
        request = Dataset()
        request.RequestedProcedureID = study.ids["requested_procedure"]
        request.ScheduledProcedureStepID = study.ids["scheduled_step"]
        request.AccessionNumber = study.accession
        request.RequestedProcedureDescription = study.procedure.description
        request.ScheduledProcedureStepDescription = f"{study.procedure.description} {pt.name.family.upper()} {pt.mrn}"[
            :64
        ]
        ds.RequestAttributesSequence = Sequence([request])
        for kw, value, kind in (
            ("RequestedProcedureID", study.ids["requested_procedure"], ID),
            ("ScheduledProcedureStepID", study.ids["scheduled_step"], ID),
            ("AccessionNumber", study.accession, ID),
            ("ScheduledProcedureStepDescription", pt.name.family.upper(), P),
            ("ScheduledProcedureStepDescription", pt.mrn, ID),
        ):
            rec.add(f"RequestAttributesSequence[0].{kw}", value, kind, pk)
        if not sparse:
            put(ds, rec, "PerformedProcedureStepStartDate", _da(when), DA, pk)
            ds.PerformedProcedureStepStartTime = _tm(when)
            put(ds, rec, "PerformedProcedureStepID", study.ids["performed_step"], ID, pk)
            text(
                ds,
                rec,
                "PerformedProcedureStepDescription",
                f"{study.procedure.description} done by {study.operators[0].name.natural}",
                [(study.operators[0].name.natural, P, None)],
            )
            mpps = Dataset()
            mpps.ReferencedSOPClassUID = MPPS
            mpps.ReferencedSOPInstanceUID = study.ids["mpps_uid"]
            ds.ReferencedPerformedProcedureStepSequence = Sequence([mpps])

        # General equipment module.
        put(ds, rec, "InstitutionName", inst_.name, K.INSTITUTION, None)
        if not sparse:
            put(ds, rec, "InstitutionAddress", inst_.address, K.ADDRESS, None)
        put(ds, rec, "InstitutionalDepartmentName", inst_.department, K.INSTITUTION, None)
        put(ds, rec, "StationName", study.device.station_name, K.DEVICE, None)
        put(ds, rec, "DeviceSerialNumber", study.device.serial, K.DEVICE, None)

        if series.frame_of_reference:
            ds.FrameOfReferenceUID = series.frame_of_reference
            ds.PositionReferenceIndicator = ""
        ds.InstanceNumber = inst.number
        acquired = when + timedelta(minutes=series.number, seconds=inst.number)
        if series.role not in ("sr", "rtstruct", "rtplan", "rtdose"):
            put(ds, rec, "ContentDate", _da(acquired), DA, pk)
            ds.ContentTime = _tm(acquired)
            put(ds, rec, "AcquisitionDate", _da(acquired), DA, pk)
            ds.AcquisitionTime = _tm(acquired)
            put(ds, rec, "AcquisitionDateTime", acquired.strftime("%Y%m%d%H%M%S"), DT, pk)
            ds.AcquisitionNumber = 1
        if series.flags["image_comments"] and series.role not in ("sr", "rtstruct", "rtplan", "rtdose"):
            dob = pt.birth_date.strftime("%m/%d/%Y")
            text(
                ds,
                rec,
                "ImageComments",
                f"Pt {pt.name.natural} tolerated the exam well. MRN {pt.mrn}. DOB {dob}.",
                [(pt.name.natural, P, pk), (pt.mrn, ID, pk), (dob, DA, pk)],
            )

    # ------------------------------------------------------------------ roles
    def _image_basics(self, ds: Dataset, image_type: list[str], center: str, width: str) -> None:
        ds.ImageType = image_type
        ds.WindowCenter = center
        ds.WindowWidth = width

    def _role_localizer(self, ds, rec, study, series, inst) -> None:
        self._image_basics(ds, ["ORIGINAL", "PRIMARY", "LOCALIZER"], "40", "400")
        ds.KVP = "120"

    def _role_axial(self, ds, rec, study, series, inst) -> None:
        center, width = ("-600", "1500") if "LUNG" in series.description else ("40", "400")
        self._image_basics(ds, ["ORIGINAL", "PRIMARY", "AXIAL"], center, width)
        ds.KVP = "120"
        z = -75.0 - 5.0 * (inst.number - 1)
        ds.ImagePositionPatient = ["-158.135803", "-179.035797", f"{z:.1f}"]
        ds.SliceLocation = f"{z:.1f}"
        localizer = study.role("localizer")
        if localizer:
            item = Dataset()
            item.ReferencedSOPClassUID = CT_IMAGE
            item.ReferencedSOPInstanceUID = localizer.instances[0].uid
            ds.ReferencedImageSequence = Sequence([item])

    def _role_reformat(self, ds, rec, study, series, inst) -> None:
        self._image_basics(ds, ["DERIVED", "SECONDARY", "REFORMATTED"], "40", "400")
        ds.DerivationDescription = "Multiplanar reformat"
        axial = study.role("axial")
        sources = axial.instances[inst.number - 1 : inst.number + 1] or axial.instances[:1]
        items = []
        for src in sources:
            item = Dataset()
            item.ReferencedSOPClassUID = CT_IMAGE
            item.ReferencedSOPInstanceUID = src.uid
            items.append(item)
        ds.SourceImageSequence = Sequence(items)

    def _role_t2(self, ds, rec, study, series, inst) -> None:
        self._mr_image(ds, inst, ["ORIGINAL", "PRIMARY", "T2"])

    def _role_t1(self, ds, rec, study, series, inst) -> None:
        self._mr_image(ds, inst, ["ORIGINAL", "PRIMARY", "T1"])

    def _role_dwi(self, ds, rec, study, series, inst) -> None:
        self._mr_image(ds, inst, ["ORIGINAL", "PRIMARY", "DIFFUSION"])

    def _role_adc(self, ds, rec, study, series, inst) -> None:
        self._mr_image(ds, inst, ["DERIVED", "PRIMARY", "ADC"])
        dwi = study.role("dwi")
        item = Dataset()
        item.ReferencedSOPClassUID = MR_IMAGE
        item.ReferencedSOPInstanceUID = dwi.instances[min(inst.number, len(dwi.instances)) - 1].uid
        ds.SourceImageSequence = Sequence([item])

    def _mr_image(self, ds: Dataset, inst: _Instance, image_type: list[str]) -> None:
        self._image_basics(ds, image_type, "600", "1200")
        z = 6.6406 + 0.8 * (inst.number - 1)
        ds.ImagePositionPatient = ["-83.9063", "-91.2000", f"{z:.4f}"]
        ds.SliceLocation = f"{z:.4f}"

    def _role_cr(self, ds, rec, study, series, inst) -> None:
        self._image_basics(ds, ["ORIGINAL", "PRIMARY"], "2048", "4096")
        ds.ViewPosition = series.role.split("_")[1].upper()
        ds.KVP = "110"

    def _pixel_text(self, study: _Study) -> list[str]:
        pt = study.patient
        return [pt.name.family.upper(), pt.mrn, study.when.strftime("%m/%d/%Y")]

    def _set_burned_in(self, ds: Dataset, series: _Series) -> None:
        if series.flags["burned_in"] is None:
            if "BurnedInAnnotation" in ds:
                del ds.BurnedInAnnotation
        else:
            ds.BurnedInAnnotation = series.flags["burned_in"]

    def _role_us(self, ds, rec, study, series, inst) -> None:
        key = f"{study.uid}"
        if key not in self._pixel_cache:
            self._pixel_cache[key] = burned_in_frame(self._pixel_text(study))
        put_ultrasound_frame(ds, self._pixel_cache[key])
        self._set_burned_in(ds, series)

    def _role_us2(self, ds, rec, study, series, inst) -> None:
        self._role_us(ds, rec, study, series, inst)

    def _role_cine(self, ds, rec, study, series, inst) -> None:
        ds.Modality = "US"
        ds.ImageType = ["ORIGINAL", "PRIMARY", "ABDOMINAL"]
        ds.Manufacturer = "Acme Ultrasound"
        ds.FrameTime = "33.3"
        ds.FrameIncrementPointer = Tag(0x0018, 0x1063)
        for kw in ("PixelSpacing", "ConversionType"):
            if kw in ds:
                delattr(ds, kw)
        self._set_burned_in(ds, series)

    def _role_sc(self, ds, rec, study, series, inst) -> None:
        ds.ConversionType = "WSD"
        ds.ImageType = ["DERIVED", "SECONDARY", "SCREEN SAVE"]
        ds.Manufacturer = "GE MEDICAL SYSTEMS"
        self._set_burned_in(ds, series)

    def _role_sr(self, ds, rec, study, series, inst) -> None:
        pt, pk = study.patient, study.patient.key
        ref, reader = study.referring, study.reader
        P = K.PERSON_NAME
        signed = study.when + timedelta(days=self.rng.randint(0, 2), hours=2)
        ds.Modality = "SR"
        put = self._put
        put(ds, rec, "ContentDate", _da(signed), K.DATE, pk)
        ds.ContentTime = _tm(signed)
        ds.CompletionFlag = "COMPLETE"
        ds.VerificationFlag = "VERIFIED"
        observer = Dataset()
        observer.VerifyingObserverName = reader.dicom_name
        observer.VerifyingOrganization = study.institution.name
        observer.VerificationDateTime = signed.strftime("%Y%m%d%H%M%S")
        observer.VerifyingObserverIdentificationCodeSequence = Sequence([])
        ds.VerifyingObserverSequence = Sequence([observer])
        rec.add("VerifyingObserverSequence[0].VerifyingObserverName", reader.dicom_name, P, None)
        rec.add("VerifyingObserverSequence[0].VerifyingOrganization", study.institution.name, K.INSTITUTION, None)
        rec.add("VerifyingObserverSequence[0].VerificationDateTime", observer.VerificationDateTime, K.DATETIME, pk)

        images = [s for s in study.series if s.role in ("axial", "t2", "t1", "cr_pa", "cr_ll", "us", "us2")]
        evidence_series = []
        for s in images:
            sop_items = []
            for i in s.instances:
                item = Dataset()
                item.ReferencedSOPClassUID = s.sop_class
                item.ReferencedSOPInstanceUID = i.uid
                sop_items.append(item)
            entry = Dataset()
            entry.SeriesInstanceUID = s.uid
            entry.ReferencedSOPSequence = Sequence(sop_items)
            evidence_series.append(entry)
        evidence = Dataset()
        evidence.StudyInstanceUID = study.uid
        evidence.ReferencedSeriesSequence = Sequence(evidence_series)
        ds.CurrentRequestedProcedureEvidenceSequence = Sequence([evidence])
        if study.dangling_prior:
            outside = Dataset()  # evidence from an outside study that was never exported
            outside.StudyInstanceUID = study.dangling_prior
            ds.PertinentOtherEvidenceSequence = Sequence([outside])

        request = Dataset()
        request.StudyInstanceUID = study.uid
        request.AccessionNumber = study.accession
        request.RequestedProcedureID = study.ids["requested_procedure"]
        request.PlacerOrderNumberImagingServiceRequest = study.ids["placer_order"]
        request.FillerOrderNumberImagingServiceRequest = study.ids["filler_order"]
        request.RequestedProcedureDescription = f"{study.procedure.description} - {pt.name.last_first}"[:64]
        request.RequestedProcedureCodeSequence = Sequence([])
        ds.ReferencedRequestSequence = Sequence([request])
        for kw, value, kind in (
            ("AccessionNumber", study.accession, K.IDENTIFIER),
            ("RequestedProcedureID", study.ids["requested_procedure"], K.IDENTIFIER),
            ("PlacerOrderNumberImagingServiceRequest", study.ids["placer_order"], K.IDENTIFIER),
            ("FillerOrderNumberImagingServiceRequest", study.ids["filler_order"], K.IDENTIFIER),
            ("RequestedProcedureDescription", pt.name.last_first, P),
        ):
            rec.add(f"ReferencedRequestSequence[0].{kw}", value, kind, pk)
        ds.PerformedProcedureCodeSequence = Sequence(
            [_code(study.procedure.code, "99CLEANRM", study.procedure.description)]
        )

        def item(rel: str, vtype: str, code: tuple[str, str, str], **values: Any) -> Dataset:
            """Build one SR content item."""
            node = Dataset()
            node.RelationshipType = rel
            node.ValueType = vtype
            node.ConceptNameCodeSequence = Sequence([_code(*code)])
            for key, value in values.items():
                setattr(node, key, value)
            return node

        def image_ref(target: _Instance) -> Sequence:
            """Build a ReferencedSOPSequence pointing at one instance."""
            node = Dataset()
            node.ReferencedSOPClassUID = target.series.sop_class
            node.ReferencedSOPInstanceUID = target.uid
            return Sequence([node])

        age = pt.age_on(study.when.date())
        history = f"{int(age[:3])}-year-old. {pt.name.natural} (MRN {pt.mrn}) referred by Dr. {ref.name.natural}."
        finding_text = f"Findings reviewed with {pt.name.given}; see images."
        impression = f"Discussed with Dr. {ref.name.family} at {ref.phone}."
        targets = [i for s in images for i in s.instances]
        findings_children = [
            item(
                "HAS OBS CONTEXT",
                "PNAME",
                ("121008", "DCM", "Person Observer Name"),
                PersonName=study.operators[0].dicom_name,
            ),
            item("CONTAINS", "TEXT", ("121071", "DCM", "Finding"), TextValue=finding_text),
        ]
        findings_children[1].ContentSequence = Sequence(
            [item("HAS OBS CONTEXT", "PNAME", ("121008", "DCM", "Person Observer Name"), PersonName=ref.dicom_name)]
            + (
                [
                    item(
                        "INFERRED FROM",
                        "IMAGE",
                        ("121112", "DCM", "Source of Measurement"),
                        ReferencedSOPSequence=image_ref(targets[0]),
                    )
                ]
                if targets
                else []
            )
        )
        if len(targets) > 1:
            findings_children.append(
                item(
                    "CONTAINS",
                    "IMAGE",
                    ("121200", "DCM", "Illustration of ROI"),
                    ReferencedSOPSequence=image_ref(targets[-1]),
                )
            )
        content = [
            item("HAS OBS CONTEXT", "PNAME", ("121008", "DCM", "Person Observer Name"), PersonName=reader.dicom_name),
            item("HAS OBS CONTEXT", "PNAME", ("121029", "DCM", "Subject Name"), PersonName=pt.dicom_name),
            item("HAS OBS CONTEXT", "TEXT", ("121030", "DCM", "Subject ID"), TextValue=pt.mrn),
            item("HAS OBS CONTEXT", "DATE", ("121031", "DCM", "Subject Birth Date"), Date=_da(pt.birth_date)),
            item("CONTAINS", "CONTAINER", ("121060", "DCM", "History"), ContinuityOfContent="SEPARATE"),
            item("CONTAINS", "CONTAINER", ("121070", "DCM", "Findings"), ContinuityOfContent="SEPARATE"),
            item("CONTAINS", "CONTAINER", ("121072", "DCM", "Impressions"), ContinuityOfContent="SEPARATE"),
        ]
        content[4].ContentSequence = Sequence(
            [item("CONTAINS", "TEXT", ("121060", "DCM", "History"), TextValue=history)]
        )
        content[5].ContentSequence = Sequence(findings_children)
        content[6].ContentSequence = Sequence(
            [item("CONTAINS", "TEXT", ("121073", "DCM", "Impression"), TextValue=impression)]
        )
        ds.ValueType = "CONTAINER"
        ds.ConceptNameCodeSequence = Sequence([_code("18748-4", "LN", "Diagnostic Imaging Report")])
        ds.ContinuityOfContent = "SEPARATE"
        ds.ContentSequence = Sequence(content)
        for where, value, kind, owner in (
            ("ContentSequence[0].PersonName", reader.dicom_name, P, None),
            ("ContentSequence[1].PersonName", pt.dicom_name, P, pk),
            ("ContentSequence[2].TextValue", pt.mrn, K.IDENTIFIER, pk),
            ("ContentSequence[3].Date", _da(pt.birth_date), K.DATE, pk),
            ("ContentSequence[4].ContentSequence[0].TextValue", pt.name.natural, P, pk),
            ("ContentSequence[4].ContentSequence[0].TextValue", pt.mrn, K.IDENTIFIER, pk),
            ("ContentSequence[4].ContentSequence[0].TextValue", ref.name.natural, P, None),
            ("ContentSequence[5].ContentSequence[0].PersonName", study.operators[0].dicom_name, P, None),
            ("ContentSequence[5].ContentSequence[1].TextValue", pt.name.given, P, pk),
            ("ContentSequence[5].ContentSequence[1].ContentSequence[0].PersonName", ref.dicom_name, P, None),
            ("ContentSequence[6].ContentSequence[0].TextValue", ref.name.family, P, None),
            ("ContentSequence[6].ContentSequence[0].TextValue", ref.phone, K.PHONE, None),
        ):
            rec.add(where, value, kind, owner)

    def _role_rtstruct(self, ds, rec, study, series, inst) -> None:
        pt, pk = study.patient, study.patient.key
        axial = study.role("axial")
        frame = axial.frame_of_reference
        ds.Manufacturer = "Acme TPS"
        label = pt.name.family.upper()[:16]
        self._put(ds, rec, "StructureSetLabel", label, K.PERSON_NAME, pk)
        self._text(
            ds, rec, "StructureSetName", f"{pt.name.natural} planning CT", [(pt.name.natural, K.PERSON_NAME, pk)]
        )
        self._put(ds, rec, "StructureSetDate", _da(study.when), K.DATE, pk)
        ds.StructureSetTime = _tm(study.when)
        contour_images = []
        for i in axial.instances:
            node = Dataset()
            node.ReferencedSOPClassUID = CT_IMAGE
            node.ReferencedSOPInstanceUID = i.uid
            contour_images.append(node)
        ref_series = Dataset()
        ref_series.SeriesInstanceUID = axial.uid
        ref_series.ContourImageSequence = Sequence(contour_images)
        ref_study = Dataset()
        ref_study.ReferencedSOPClassUID = DETACHED_STUDY
        ref_study.ReferencedSOPInstanceUID = study.uid
        ref_study.RTReferencedSeriesSequence = Sequence([ref_series])
        ref_frame = Dataset()
        ref_frame.FrameOfReferenceUID = frame
        ref_frame.RTReferencedStudySequence = Sequence([ref_study])
        ds.ReferencedFrameOfReferenceSequence = Sequence([ref_frame])
        for roi in ds.get("StructureSetROISequence", []):
            roi.ReferencedFrameOfReferenceUID = frame
        for roi in ds.get("ROIContourSequence", [])[:1]:
            for contour in roi.get("ContourSequence", []):
                node = Dataset()
                node.ReferencedSOPClassUID = CT_IMAGE
                node.ReferencedSOPInstanceUID = axial.instances[0].uid
                contour.ContourImageSequence = Sequence([node])
        for i, obs in enumerate(ds.get("RTROIObservationsSequence", [])):
            obs.ROIInterpreter = study.reader.dicom_name
            rec.add(f"RTROIObservationsSequence[{i}].ROIInterpreter", study.reader.dicom_name, K.PERSON_NAME, None)

    def _role_rtplan(self, ds, rec, study, series, inst) -> None:
        pt, pk = study.patient, study.patient.key
        ds.Manufacturer = "Acme TPS"
        label = pt.name.family.upper()[:12]
        self._text(ds, rec, "RTPlanLabel", f"{label} P1", [(label, K.PERSON_NAME, pk)])
        self._text(ds, rec, "RTPlanName", f"{pt.name.natural} chest plan", [(pt.name.natural, K.PERSON_NAME, pk)])
        self._put(ds, rec, "RTPlanDate", _da(study.when + timedelta(days=3)), K.DATE, pk)
        ds.RTPlanTime = "101500"
        linac = self.devices[(study.institution.key, "RT")][0]
        for i, beam in enumerate(ds.get("BeamSequence", [])):
            beam.InstitutionName = study.institution.name
            beam.InstitutionalDepartmentName = study.institution.department
            beam.DeviceSerialNumber = linac.serial
            beam.TreatmentMachineName = linac.station_name
            for kw, value, kind in (
                ("InstitutionName", study.institution.name, K.INSTITUTION),
                ("InstitutionalDepartmentName", study.institution.department, K.INSTITUTION),
                ("DeviceSerialNumber", linac.serial, K.DEVICE),
                ("TreatmentMachineName", linac.station_name, K.DEVICE),
            ):
                rec.add(f"BeamSequence[{i}].{kw}", value, kind, None)
        structure = study.role("rtstruct")
        node = Dataset()
        node.ReferencedSOPClassUID = RT_STRUCT
        node.ReferencedSOPInstanceUID = structure.instances[0].uid
        ds.ReferencedStructureSetSequence = Sequence([node])
        ds.ApprovalStatus = "APPROVED"
        self._put(ds, rec, "ReviewDate", _da(study.when + timedelta(days=4)), K.DATE, pk)
        ds.ReviewTime = "090000"
        self._put(ds, rec, "ReviewerName", study.reader.dicom_name, K.PERSON_NAME, None)

    def _role_rtdose(self, ds, rec, study, series, inst) -> None:
        ds.Manufacturer = "Acme TPS"
        plan = study.role("rtplan")
        node = Dataset()
        node.ReferencedSOPClassUID = RT_PLAN
        node.ReferencedSOPInstanceUID = plan.instances[0].uid
        group = Dataset()
        group.ReferencedFractionGroupNumber = 1
        beam = Dataset()
        beam.ReferencedBeamNumber = 1
        group.ReferencedBeamSequence = Sequence([beam])
        node.ReferencedFractionGroupSequence = Sequence([group])
        ds.ReferencedRTPlanSequence = Sequence([node])

    # ------------------------------------------------------------------ private data, overlays, curves
    def _private_block(self, ds: Dataset, rec: _Record, study: _Study, series: _Series) -> None:
        pt, pk = study.patient, study.patient.key
        creator = "ACME CORP 1.0"
        # Vendors' blocks move between files; tools keyed on fixed tags miss them.
        block = 0x10 if series.number % 2 else 0x12
        group = 0x0011
        ds.add_new(Tag(group, block), "LO", creator)
        note = f"Referred by Dr. {study.referring.name.natural}, call {study.referring.phone}"
        entries = (
            (0x10, "LO", pt.name.natural, [(pt.name.natural, K.PERSON_NAME, pk)]),
            (0x11, "PN", pt.dicom_name, [(pt.dicom_name, K.PERSON_NAME, pk)]),
            (0x12, "DA", _da(pt.birth_date), [(_da(pt.birth_date), K.DATE, pk)]),
            (0x13, "LO", pt.mrn, [(pt.mrn, K.IDENTIFIER, pk)]),
            (
                0x14,
                "LT",
                note,
                [(study.referring.name.natural, K.PERSON_NAME, None), (study.referring.phone, K.PHONE, None)],
            ),
            (0x15, "SH", study.accession, [(study.accession, K.IDENTIFIER, pk)]),
        )
        for offset, vr, value, embedded in entries:
            tag = Tag(group, (block << 8) | offset)
            ds.add_new(tag, vr, value)
            for v, kind, owner in embedded:
                rec.add(f"private:{creator}:{group:04X},{tag.element:04X}", v, kind, owner)

    def _private_sequence(self, ds: Dataset, rec: _Record, study: _Study) -> None:
        pt, pk = study.patient, study.patient.key
        creator = "ACME WORKFLOW 2"
        base = f"private:{creator}:0013,1001[0]."
        inner = Dataset()
        inner.OperatorsName = study.operators[0].dicom_name
        inner.InstitutionName = study.institution.name
        inner.add_new(0x00130010, "LO", creator)
        inner.add_new(0x00131004, "PN", study.referring.dicom_name)
        outer = Dataset()
        outer.PatientName = pt.dicom_name
        outer.PatientID = pt.mrn
        outer.AccessionNumber = study.accession
        outer.StudyDate = _da(study.when)
        outer.StudyInstanceUID = study.uid  # an original UID tucked away where remapping may miss it
        outer.add_new(0x00130010, "LO", creator)
        outer.add_new(0x00131002, "LO", f"Worklist entry for {pt.name.last_first} ({pt.mrn})")
        outer.add_new(0x00131003, "SQ", Sequence([inner]))
        ds.add_new(0x00130010, "LO", creator)
        ds.add_new(0x00131001, "SQ", Sequence([outer]))
        for where, value, kind, owner in (
            ("PatientName", pt.dicom_name, K.PERSON_NAME, pk),
            ("PatientID", pt.mrn, K.IDENTIFIER, pk),
            ("AccessionNumber", study.accession, K.IDENTIFIER, pk),
            ("StudyDate", _da(study.when), K.DATE, pk),
            (f"private:{creator}:0013,1002", pt.name.last_first, K.PERSON_NAME, pk),
            (f"private:{creator}:0013,1002", pt.mrn, K.IDENTIFIER, pk),
            (f"private:{creator}:0013,1003[0].OperatorsName", study.operators[0].dicom_name, K.PERSON_NAME, None),
            (f"private:{creator}:0013,1003[0].InstitutionName", study.institution.name, K.INSTITUTION, None),
            (
                f"private:{creator}:0013,1003[0].private:{creator}:0013,1004",
                study.referring.dicom_name,
                K.PERSON_NAME,
                None,
            ),
        ):
            rec.add(base + where, value, kind, owner)

    def _un_private(self, ds: Dataset, rec: _Record, study: _Study) -> None:
        pt, pk = study.patient, study.patient.key
        creator = "XYZ LEGACY"
        name = f"{pt.name.family}^{pt.name.given}"
        payload = f"PID={pt.mrn};NAME={name};".encode("ascii")
        ds.add_new(0x00150010, "LO", creator)
        ds.add_new(0x00151001, "UN", payload + (b" " if len(payload) % 2 else b""))
        rec.add(f"private:{creator}:0015,1001", pt.mrn, K.IDENTIFIER, pk)
        rec.add(f"private:{creator}:0015,1001", name, K.PERSON_NAME, pk)

    def _safe_private(self, ds: Dataset, series: _Series) -> list[dict[str, Any]]:
        """Add vendor private elements that hold harmless numbers (recorded as non-PHI)."""
        # All of these appear in PS3.15 Table E.3.10-1 (Safe Private Attributes).
        if series.modality == "CT":
            entries = [
                ("GEMS_ACQU_01", 0x0019, "DS", 0x23, "5.000000"),
                ("GEMS_ACQU_01", 0x0019, "DS", 0x27, "1.000000"),
                ("GEMS_PARM_01", 0x0043, "SH", 0x27, "1.375:1"),
            ]
        else:
            diffusion = series.role == "dwi"
            entries = [
                ("SIEMENS MR HEADER", 0x0019, "IS", 0x0C, "1000" if diffusion else "0"),
                ("SIEMENS MR HEADER", 0x0019, "CS", 0x0D, "DIRECTIONAL" if diffusion else "NONE"),
            ]
        out = []
        for creator, group, vr, offset, value in entries:
            ds.add_new(Tag(group, 0x0010), "LO", creator)
            tag = Tag(group, 0x1000 | offset)
            ds.add_new(tag, vr, value)
            out.append(
                {
                    "creator": creator,
                    "tag": f"{group:04X},{tag.element:04X}",
                    "vr": vr,
                    "value": value,
                    "where": f"private:{creator}:{group:04X},{tag.element:04X}",
                }
            )
        return out

    def _overlay(self, ds: Dataset, rec: _Record, study: _Study) -> None:
        pt, pk = study.patient, study.patient.key
        tech = study.operators[0]
        rows, cols = int(ds.Rows), int(ds.Columns)
        g = 0x6000
        description = f"ROI for {pt.name.last_first}"
        comments = f"Annotated by {tech.name.natural} on {study.when:%m/%d/%Y}"
        ds.add_new(Tag(g, 0x0010), "US", rows)
        ds.add_new(Tag(g, 0x0011), "US", cols)
        ds.add_new(Tag(g, 0x0022), "LO", description)
        ds.add_new(Tag(g, 0x0040), "CS", "G")
        ds.add_new(Tag(g, 0x0050), "SS", [1, 1])
        ds.add_new(Tag(g, 0x0100), "US", 1)
        ds.add_new(Tag(g, 0x0102), "US", 0)
        ds.add_new(Tag(g, 0x1500), "LO", pt.mrn)
        ds.add_new(Tag(g, 0x3000), "OW", _overlay_bits(rows, cols))
        ds.add_new(Tag(g, 0x4000), "LT", comments)
        rec.add("OverlayDescription@6000", pt.name.last_first, K.PERSON_NAME, pk)
        rec.add("OverlayLabel@6000", pt.mrn, K.IDENTIFIER, pk)
        rec.add("OverlayComments@6000", tech.name.natural, K.PERSON_NAME, None)
        rec.add("OverlayComments@6000", f"{study.when:%m/%d/%Y}", K.DATE, pk)

    def _curve(self, ds: Dataset, rec: _Record, study: _Study) -> None:
        pt, pk = study.patient, study.patient.key
        g = 0x5000
        ds.add_new(Tag(g, 0x0005), "US", 2)
        ds.add_new(Tag(g, 0x0010), "US", 4)
        ds.add_new(Tag(g, 0x0020), "CS", "TAC")
        ds.add_new(Tag(g, 0x0022), "LO", f"Enhancement curve {pt.name.family.upper()} {pt.mrn}")
        ds.add_new(Tag(g, 0x0103), "US", 0)
        ds.add_new(Tag(g, 0x2500), "LO", f"Bolus {pt.name.given}")
        ds.add_new(Tag(g, 0x3000), "OW", np.array([0, 40, 10, 120, 20, 160, 30, 90], dtype="<u2").tobytes())
        rec.add("CurveDescription@5000", pt.name.family.upper(), K.PERSON_NAME, pk)
        rec.add("CurveDescription@5000", pt.mrn, K.IDENTIFIER, pk)
        rec.add("CurveLabel@5000", pt.name.given, K.PERSON_NAME, pk)

    # ------------------------------------------------------------------ junk and broken files
    def write_junk(self) -> None:
        """Drop non-DICOM and broken files into the tree, with their ground truth."""
        if not self.include_junk or not self.records:
            return
        rng = self.rng
        corpus = self.corpus

        def add(
            rel: str,
            data: bytes,
            kind: str,
            patient: str | None,
            phi: list[tuple[str, str, str, str | None]],
            **extra: Any,
        ) -> None:
            """Write one junk file and its manifest record."""
            phi = phi + self._path_phi(rel)
            target = corpus / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.records.append(
                {
                    "path": rel,
                    "kind": kind,
                    "patient": patient,
                    "phi": [{"where": w, "value": v, "kind": k} for w, v, k, _ in phi],
                    "_owners": [o for *_, o in phi],
                    "references": [],
                    **extra,
                }
            )

        add(
            "README.txt",
            b"Imaging export for research review.\nFolders are organised by site, patient and study.\n",
            "non_dicom",
            None,
            [],
            format="text",
        )
        add(".DS_Store", bytes(range(64)) * 4, "non_dicom", None, [], format="binary")
        first = self.studies[0]
        pt = first.patient
        buf = io.BytesIO()
        Image.new("RGB", (32, 24), (200, 180, 160)).save(buf, format="JPEG", quality=80)
        add(f"{first.patient_folder}/IMG_2041.JPG", buf.getvalue(), "non_dicom", pt.key, [], format="jpeg")
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        note = f"Scanned requisition for {pt.name.natural}, MRN {pt.mrn}"
        info.add_text("Comment", note)
        buf = io.BytesIO()
        Image.new("L", (40, 30), 255).save(buf, format="PNG", pnginfo=info)
        add(
            f"{first.patient_folder}/{first.folder}/requisition.png",
            buf.getvalue(),
            "non_dicom",
            pt.key,
            [("raw", pt.name.natural, K.PERSON_NAME, pt.key), ("raw", pt.mrn, K.IDENTIFIER, pt.key)],
            format="png",
        )
        log = f"exported study {first.accession} for {pt.dicom_name}\n"
        add(
            f"{first.patient_folder}/export_log.txt",
            log.encode(),
            "non_dicom",
            pt.key,
            [("raw", first.accession, K.IDENTIFIER, pt.key), ("raw", pt.dicom_name, K.PERSON_NAME, pt.key)],
            format="text",
        )

        dicoms = [r for r in self.records if r["kind"] == "dicom"]
        source = dicoms[rng.randrange(len(dicoms))]
        head = (corpus / source["path"]).read_bytes()[:300]
        low = head.lower()
        kept = [
            (e["where"], e["value"], e["kind"], o)
            for e, o in zip(source["phi"], source["_owners"], strict=True)
            if e["value"].lower().encode("latin-1", "replace") in low
        ]
        folder = source["path"].rsplit("/", 1)[0]
        add(
            f"{folder}/IM_TRUNCATED.dcm",
            head,
            "broken",
            source["patient"],
            [("raw", v, k, o) for _, v, k, o in kept],
            reason="truncated",
            source=source["path"],
        )
        add(f"{folder}/EMPTY.dcm", b"", "broken", source["patient"], [], reason="empty")

    def _path_phi(self, rel: str) -> list[tuple[str, str, str, str | None]]:
        """PHI that a junk file inherits from the patient/study folders it sits in."""
        out: list[tuple[str, str, str, str | None]] = []
        for study in self.studies:
            if not study.phi_paths or not rel.startswith(study.patient_folder + "/"):
                continue
            pt = study.patient
            entries = [(f"{pt.name.family.upper()}_{pt.name.given.upper()}", K.PERSON_NAME), (pt.mrn, K.IDENTIFIER)]
            if rel.startswith(f"{study.patient_folder}/{study.folder}/"):
                entries += [(study.accession, K.IDENTIFIER), (_da(study.when), K.DATE)]
            for value, kind in entries:
                if ("<path>", value, kind, pt.key) not in out:
                    out.append(("<path>", value, kind, pt.key))
        return out

    # ------------------------------------------------------------------ manifest
    def manifest(self) -> CorpusManifest:
        """Assemble the manifest (per-file records plus the corpus-wide PHI list)."""
        owners: dict[tuple[str, str], set[str | None]] = defaultdict(set)
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for record in self.records:
            for entry, owner in zip(record["phi"], record.pop("_owners"), strict=True):
                if entry["kind"] == K.UID:
                    continue  # UIDs are tracked per file; uid_values() offers them for searching
                key = (entry["value"], entry["kind"])
                owners[key].add(owner)
                counts[key] += 1
        phi = [
            {
                "value": value,
                "kind": kind,
                "patients": sorted(o for o in owners[(value, kind)] if o),
                "search": kind not in K.NOT_SEARCHED_BY_DEFAULT,
                "count": counts[(value, kind)],
            }
            for value, kind in sorted(owners)
        ]
        files = sorted(self.records, key=lambda r: r["path"])
        by_kind: dict[str, int] = defaultdict(int)
        for r in files:
            by_kind[r["kind"]] += 1
        data = {
            "format": MANIFEST_FORMAT,
            "seed": self.seed,
            "params": self.params,
            "corpus_dir": CORPUS_DIRNAME,
            "uid_prefix": SYNTH_UID_PREFIX,
            "counts": {
                "files": len(files),
                **{k: by_kind.get(k, 0) for k in ("dicom", "non_dicom", "broken")},
                "patients": len(self.patients),
                "studies": len(self.studies),
                "series": sum(len(s.series) for s in self.studies),
            },
            "institutions": [
                {
                    "key": i.key,
                    "name": i.name,
                    "address": i.address,
                    "department": i.department,
                    "issuer": i.issuer,
                    "phone": i.phone,
                }
                for i in self.institutions
            ],
            "patients": [self._patient_json(p) for p in self.patients],
            "studies": [self._study_json(s) for s in self.studies],
            "files": files,
            "phi": phi,
        }
        return CorpusManifest(root=self.out_dir, data=data)

    def _patient_json(self, p: SyntheticPatient) -> dict[str, Any]:
        return {
            "key": p.key,
            "name": p.dicom_name,
            "mrn": p.mrn,
            "birth_date": _da(p.birth_date),
            "sex": p.sex,
            "address": p.address,
            "phone": p.phone,
            "other_ids": [p.old_mrn, p.insurance_id, p.ssn],
            "institution": p.institution,
            "age_over_89": any(s.patient is p and int(p.age_on(s.when.date())[:3]) > 89 for s in self.studies),
            "studies": [s.uid for s in self.studies if s.patient is p],
        }

    def _study_json(self, s: _Study) -> dict[str, Any]:
        return {
            "study_instance_uid": s.uid,
            "patient": {
                "key": s.patient.key,
                "name": s.patient.dicom_name,
                "mrn": s.patient.mrn,
                "birth_date": _da(s.patient.birth_date),
                "sex": s.patient.sex,
            },
            "study_date": _da(s.when),
            "study_time": _tm(s.when),
            "accession": s.accession,
            "study_id": s.study_id,
            "modality": s.procedure.modality,
            "procedure": s.procedure.code,
            "description": s.description,
            "body_part": s.procedure.body_part,
            "institution": {"key": s.institution.key, "name": s.institution.name, "phone": s.institution.phone},
            "referring_physician": {"name": s.referring.dicom_name, "phone": s.referring.phone},
            "radiologist": {"name": s.reader.dicom_name},
            "prior_study_instance_uid": s.prior.uid if s.prior else None,
            "prior_study_date": _da(s.prior.when) if s.prior else None,
            "prior_modality": s.prior.procedure.modality if s.prior else None,
            "interval_days": (s.when.date() - s.prior.when.date()).days if s.prior else None,
            "series": [
                {
                    "series_instance_uid": se.uid,
                    "number": se.number,
                    "role": se.role,
                    "modality": se.modality,
                    "sop_class_uid": se.sop_class,
                    "frame_of_reference_uid": se.frame_of_reference,
                    "instances": [i.uid for i in se.instances],
                }
                for se in s.series
            ],
        }


# =========================================================================== public API
def generate_corpus(
    out_dir: Path,
    *,
    patients: int,
    seed: int,
    studies_per_patient: tuple[int, int] = (1, 3),
    series_per_study: tuple[int, int] = (1, 3),
    instances_per_series: tuple[int, int] = (3, 8),
    modalities: Iterable[str] = ("CT", "MR", "CR", "US"),
    include_junk: bool = True,
    dangling_references: bool = False,
    phi_in_paths: bool = True,
    rt_fraction: float = 0.3,
    institutions: int = 3,
    min_files: int = 0,
) -> CorpusManifest:
    """Write a synthetic DICOM corpus to out_dir/corpus and its ground truth to out_dir/manifest.json.

    `patients` is the number of patients, raised as needed until at least `min_files` DICOM files
    are planned (with the defaults a patient yields about 14 files). Same arguments, same bytes.
    """
    mods = tuple(m.upper() for m in modalities)
    unknown = set(mods) - set(PROCEDURES_BY_MODALITY)
    if unknown:
        raise ValueError(f"unsupported modalities: {sorted(unknown)}")
    out_dir = Path(out_dir)
    if (out_dir / CORPUS_DIRNAME).exists() and any((out_dir / CORPUS_DIRNAME).iterdir()):
        raise FileExistsError(f"{out_dir / CORPUS_DIRNAME} is not empty")
    gen = _Generator(
        out_dir,
        patients=patients,
        seed=seed,
        studies_per_patient=studies_per_patient,
        series_per_study=series_per_study,
        instances_per_series=instances_per_series,
        modalities=mods,
        include_junk=include_junk,
        dangling_references=dangling_references,
        phi_in_paths=phi_in_paths,
        rt_fraction=rt_fraction,
        institutions=institutions,
        min_files=min_files,
    )
    gen.plan()
    (out_dir / CORPUS_DIRNAME).mkdir(parents=True, exist_ok=True)
    gen.write()
    gen.write_junk()
    manifest = gen.manifest()
    manifest.manifest_path.write_text(manifest.to_json(), encoding="utf-8")
    return manifest

