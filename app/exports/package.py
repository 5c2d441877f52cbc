"""Write a cohort's export package: de-identified images and reports, labels, splits, datalist, manifest, BagIt.

The package is built in a hidden folder beside its destination and renamed into place only when
complete, so a failed export never leaves something that looks finished. Patients and studies in
every file are the pseudonyms and remapped UIDs of the DICOM outputs, so the files join; a study
none of whose images could be released is left out whole (its reports and labels too) and counted.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import bagit
from sqlalchemy import select

from ..cohorts.compiler import Expand, series_conditions, studies_matching
from ..cohorts.counts import RANKED, concept_expander
from ..cohorts.definition import CohortDefinition
from ..db import Database
from ..deid.batch import FileDeidentifier
from ..dicom.policy import Policy
from ..errors import InvalidInput
from ..identity import IdentityKeys
from ..models import Instance, Patient, Report, ReportLabel, Series, Study
from ..ontology import Ontology
from ..sealed import Sealer
from ..text.engine import ReportDeidentifier
from ..version import software_version
from .card import dataset_card
from .images import write_nifti, write_png
from .splits import SPLITS, assign_splits

AVAILABLE_OUTPUTS = ("dicom", "nifti", "png", "reports", "labels")
LABEL_VALUES = {"present": "1", "absent": "0", "uncertain": "-1"}  # DESIGN: blank when unmentioned
DATALIST_KEYS = {"train": "training", "validation": "validation", "test": "test"}


@dataclass(frozen=True)
class ExportPlan:
    """What to export, how, and where."""

    definition: CohortDefinition
    destination: Path
    outputs: tuple[str, ...] = ("dicom", "reports", "labels")
    seed: int = 0
    zip: bool = False


@dataclass(frozen=True)
class Engines:
    """The de-identification engines and facts an export runs with (built by the caller for one profile)."""

    policy: Policy
    keys: IdentityKeys
    text: ReportDeidentifier
    profile: dict  # name, version, hash
    ontology_version: str
    expand: Expand
    concept_name: Callable[[str], str]

    @classmethod
    def for_profile(cls, policy: Policy, keys: IdentityKeys, text: ReportDeidentifier, ontology: Ontology) -> Engines:
        """Return the engines of one profile's policy and text engine over `ontology`."""
        profile = policy.profile
        return cls(policy, keys, text, {"name": profile.name, "version": profile.version, "hash": profile.hash},
                   ontology.version, concept_expander(ontology), lambda concept: ontology.get(concept).label)


@dataclass
class ExportSummary:
    """Counts of one export; no PHI, so it can go to the audit log, the manifest and --json."""

    definition_hash: str
    path: str = ""
    patients: int = 0
    studies: int = 0
    studies_left_out: int = 0
    instances: int = 0
    reports: int = 0
    quarantined: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """Return the summary as JSON-ready data."""
        return asdict(self)


@dataclass
class _Study:
    """One selected study as the index knows it (identifying values opened for the engines only)."""

    id: int
    patient: dict
    study_date: str
    files: list[str] = field(default_factory=list)
    pseudonym: str = ""
    study_uid: str = ""


def export_cohort(db: Database, sealer: Sealer, plan: ExportPlan, engines: Engines,
                  progress: Callable[[int, int], None] | None = None) -> ExportSummary:
    """Build the package at `plan.destination` (a new or empty folder) and return its summary."""
    unknown = sorted(set(plan.outputs) - set(AVAILABLE_OUTPUTS))
    if unknown or not plan.outputs:
        raise InvalidInput(f"outputs must be some of {', '.join(AVAILABLE_OUTPUTS)} ({', '.join(unknown) or 'none'} "
                           "asked)")
    destination = plan.destination
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise InvalidInput(f"{destination} must be a new or empty folder")
    staging = destination.with_name(f".{destination.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        summary = _write(db, sealer, plan, engines, staging, progress)
        bagit.make_bag(str(staging), {"Source-Organization": "Cleanroom honest broker",
                                      "External-Description": "De-identified research cohort",
                                      "External-Identifier": summary.definition_hash}, checksums=["sha256"])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if destination.exists():
        destination.rmdir()
    staging.rename(destination)
    summary.path = str(destination)
    if plan.zip:
        summary.path = shutil.make_archive(str(destination), "zip", root_dir=destination.parent,
                                           base_dir=destination.name)
    return summary


def _write(db: Database, sealer: Sealer, plan: ExportPlan, engines: Engines, root: Path,
           progress: Callable[[int, int], None] | None) -> ExportSummary:
    definition = plan.definition
    summary = ExportSummary(definition.hash)
    studies = _studies(db, sealer, definition, engines.expand)
    quarantined: Counter = Counter()
    total, done = sum(len(s.files) for s in studies), 0
    # Quarantined files go beside the package, never inside it (as `deid dicom` puts them beside DST).
    quarantine = plan.destination.with_name(plan.destination.name + ".quarantine")
    files = FileDeidentifier(engines.policy, engines.keys, root / "dicom", quarantine)
    for study in studies:
        for path in study.files:
            result = files.process(Path(path))
            done += 1
            if progress:
                progress(done, total)
            if result.status != "ok":
                quarantined[result.reason_code] += 1
                continue
            summary.instances += 1
            # DST/<patient pseudonym>/<study UID>/<series UID>/<SOP instance UID>.dcm
            study.pseudonym, study.study_uid = Path(result.output_path).relative_to(root / "dicom").parts[:2]
    released = [s for s in studies if s.pseudonym]
    summary.studies, summary.studies_left_out = len(released), len(studies) - len(released)
    summary.patients = len({s.pseudonym for s in released})
    summary.quarantined = dict(sorted(quarantined.items()))
    _write_images(root, plan.outputs)
    if "dicom" not in plan.outputs:
        shutil.rmtree(root / "dicom", ignore_errors=True)
    released.sort(key=lambda s: (s.pseudonym, s.study_uid))
    labels = _labels(db, released, definition.labels, engines.expand)
    if "reports" in plan.outputs:
        summary.reports = _write_reports(db, sealer, released, engines, root / "reports.jsonl")
    if "labels" in plan.outputs:
        _write_labels(root / "labels.csv", released, definition.labels, labels)
    splits = assign_splits(_strata(released, definition.labels[:1], labels), plan.seed)
    _write_text(root / "splits.csv", _csv([("patient", "split")] + sorted(splits.items())))
    _write_text(root / "datalist.json", json.dumps(_datalist(released, labels, plan, splits), indent=1,
                                                   sort_keys=True))
    manifest = {"definition": definition.canonical(), "definition_hash": definition.hash,
                "profile": engines.profile, "ontology_version": engines.ontology_version,
                "software_version": software_version(), "seed": plan.seed, "outputs": sorted(plan.outputs),
                "splits": {name: share for name, share in SPLITS},
                "split_sizes": {name: Counter(splits.values())[name] for name, _ in SPLITS},
                "label_names": {concept: engines.concept_name(concept) for concept in definition.labels},
                "prevalence": _prevalence_table(released, definition.labels, labels),
                "counts": {"patients": summary.patients, "studies": summary.studies,
                           "studies_left_out": summary.studies_left_out, "instances": summary.instances,
                           "reports": summary.reports},
                "quarantined": summary.quarantined}
    _write_text(root / "manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
    _write_text(root / "README.md", dataset_card(manifest))
    return summary


def _write_images(root: Path, outputs: tuple[str, ...]) -> None:
    """Derive PNG per instance and NIfTI per series from the released DICOM, in the same tree layout."""
    dicom = root / "dicom"
    if "png" in outputs:
        for path in sorted(dicom.rglob("*.dcm")):
            write_png(path, (root / "png" / path.relative_to(dicom)).with_suffix(".png"))
    if "nifti" in outputs:
        for series in sorted(p for p in dicom.glob("*/*/*") if p.is_dir()):
            write_nifti(series, root / "nifti" / f"{series.relative_to(dicom)}.nii.gz")


def _studies(db: Database, sealer: Sealer, definition: CohortDefinition, expand: Expand) -> list[_Study]:
    """Return the selected studies with their patients' known identifiers and their instances' files."""
    chosen = studies_matching(definition, expand).scalar_subquery()
    found: dict[int, _Study] = {}
    with db.session() as session:
        rows = session.execute(
            select(Study.id, Study.study_date, Study.accession_sealed, Patient.patient_id_sealed, Patient.name_sealed,
                   Patient.birth_date_sealed, Instance.location_sealed)
            .join(Patient, Patient.id == Study.patient_id).join(Series, Series.study_id == Study.id)
            .join(Instance, Instance.series_id == Series.id)
            .where(Study.id.in_(chosen), *series_conditions(definition))
            .order_by(Study.id, Instance.id)).all()
    for study_id, study_date, accession, patient_id, name, birth, location in rows:
        if study_id not in found:
            patient = {"mrn": sealer.open(patient_id, "patient_id"),
                       "name": _opened(sealer, name, "name"), "birth_date": _opened(sealer, birth, "birth_date"),
                       "accession": _opened(sealer, accession, "accession")}
            found[study_id] = _Study(study_id, {k: v for k, v in patient.items() if v},
                                     study_date.isoformat() if study_date else "")
        found[study_id].files.append(sealer.open(location, "location"))
    return list(found.values())


def _opened(sealer: Sealer, sealed: bytes | None, column: str) -> str:
    return sealer.open(sealed, column) if sealed else ""


def _labels(db: Database, studies: list[_Study], concepts: Iterable[str], expand: Expand) -> dict:
    """Return {(study id, concept): status}: the strongest report label of the concept or its descendants."""
    wanted = {concept: set(expand(concept, True)) for concept in concepts}
    if not wanted or not studies:
        return {}
    owner = {member: concept for concept, members in wanted.items() for member in members}
    with db.session() as session:
        rows = session.execute(
            select(Report.study_id, ReportLabel.concept_id, ReportLabel.status)
            .join(ReportLabel, ReportLabel.report_id == Report.id)
            .where(Report.study_id.in_([s.id for s in studies]), ReportLabel.concept_id.in_(sorted(owner)))).all()
    best: dict = {}
    for study_id, concept_id, status in rows:
        key = (study_id, owner[concept_id])
        # Historical findings are not labels of this study's images; present beats uncertain beats absent.
        if status in RANKED and RANKED.index(status) >= RANKED.index(best.get(key, RANKED[0])):
            best[key] = status
    return best


def _prevalence_table(studies: list[_Study], concepts: list[str], labels: dict) -> dict:
    """Return, per label concept, how many exported studies are present, absent, uncertain or unmentioned."""
    table = {}
    for concept in concepts:
        counted = Counter(labels.get((s.id, concept), "unmentioned") for s in studies)
        table[concept] = {status: counted.get(status, 0) for status in (*reversed(RANKED), "unmentioned")}
    return table


def _write_reports(db: Database, sealer: Sealer, studies: list[_Study], engines: Engines, path: Path) -> int:
    """Write de-identified reports, one JSON line each: {patient, study, text}; return how many."""
    by_study = {s.id: s for s in studies}
    with db.session() as session:
        rows = session.execute(select(Report.study_id, Report.text_sealed, Report.report_lookup)
                               .where(Report.study_id.in_(list(by_study))).order_by(Report.study_id, Report.id)).all()
    lines = []
    for study_id, text, lookup in rows:
        study = by_study[study_id]
        cleaned = engines.text.deidentify(sealer.open(text, "report_text"), patient=study.patient,
                                          study_date=study.study_date or None, report_id=lookup)
        lines.append((study.pseudonym, study.study_uid,
                      json.dumps({"patient": study.pseudonym, "study": study.study_uid, "text": cleaned.text},
                                 sort_keys=True)))
    _write_text(path, "".join(line + "\n" for *_, line in sorted(lines)))
    return len(lines)


def _write_labels(path: Path, studies: list[_Study], concepts: list[str], labels: dict) -> None:
    rows = [("patient", "study", *concepts)]
    rows += [(s.pseudonym, s.study_uid, *(LABEL_VALUES.get(labels.get((s.id, c), ""), "") for c in concepts))
             for s in studies]
    _write_text(path, _csv(rows))


def _strata(studies: list[_Study], first: list[str], labels: dict) -> dict[str, str]:
    """Return each patient's stratum: the strongest status of the first label over their studies ("" without)."""
    ranked = ("", *RANKED)
    strata: dict[str, str] = {}
    for study in studies:
        status = labels.get((study.id, first[0]), "") if first else ""
        strata[study.pseudonym] = max(strata.get(study.pseudonym, ""), status, key=ranked.index)
    return strata


def _datalist(studies: list[_Study], labels: dict, plan: ExportPlan, splits: dict[str, str]) -> dict:
    """Return the MONAI-style datalist: each study's image folder and labels, by patient-level split."""
    datalist: dict[str, list] = defaultdict(list)
    for study in studies:
        item = {"patient": study.pseudonym, "study": study.study_uid,
                "label": {c: LABEL_VALUES.get(labels.get((study.id, c), "")) for c in plan.definition.labels}}
        if "dicom" in plan.outputs:
            item["image"] = f"dicom/{study.pseudonym}/{study.study_uid}"
        datalist[DATALIST_KEYS[splits[study.pseudonym]]].append(item)
    return {key: datalist.get(key, []) for key in DATALIST_KEYS.values()}


def _csv(rows: Iterable[Iterable]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
