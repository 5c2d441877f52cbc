"""Write a cohort's export package: de-identified images and reports, labels, splits, datalist, manifest, BagIt.

The export goes study by study: each study's images are de-identified (and converted), its reports
de-identified, and the study is written down in a journal in the work folder beside the destination
(journal.py), so a killed export resumes where it stopped. Only the current study's files are held,
never the cohort's. When every study is done the tables are made, the bag is assembled and renamed
into place, so a failed export never leaves something that looks finished. Patients and studies in
every file are the pseudonyms and remapped UIDs of the DICOM outputs, so the files join; a study
none of whose images could be released is left out whole (its reports and labels too) and counted.
"""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import bagit

from ..cohorts.compiler import Expand
from ..cohorts.counts import concept_expander
from ..cohorts.definition import CohortDefinition
from ..db import Database
from ..deid.batch import FileDeidentifier, FileResult, deidentify_files, write_atomically
from ..deid.runs import ProfileExport
from ..dicom.policy import Policy
from ..errors import CleanroomError, InvalidInput
from ..identity import IdentityKeys
from ..ontology import Ontology
from ..sealed import Sealer
from ..version import software_version
from .card import dataset_card
from .images import nifti_converter, write_nifti, write_png
from .journal import ExportWork, StudyRecord, work_folder
from .selection import CohortSelection, SelectedStudy
from .splits import SPLITS, assign_splits
from .tables import datalist, labels_csv, prevalence_table, strata, study_labels, to_csv

if TYPE_CHECKING:  # the export's profile run builds the text engine; importing it here would load presidio
    from ..text.engine import ReportDeidentifier

AVAILABLE_OUTPUTS = ("dicom", "nifti", "png", "reports", "labels")


class ExportStopped(CleanroomError):
    """The export could not go on: a disk that is full or may not be written, a de-identifying process that died."""


@dataclass(frozen=True)
class ExportPlan:
    """What to export, how, and where."""

    definition: CohortDefinition
    destination: Path
    outputs: tuple[str, ...] = ("dicom", "reports", "labels")
    seed: int = 0
    zip: bool = False
    workers: int = 1  # de-identification processes
    replace: bool = False  # a package already at the destination is replaced, not refused


@dataclass(frozen=True)
class Engines:
    """The de-identification engines and facts an export runs with (one profile's, handed out by its profile run)."""

    policy: Policy
    keys: IdentityKeys
    text: ReportDeidentifier
    profile: dict  # name, version, hash
    ontology_version: str
    expand: Expand
    concept_name: Callable[[str], str]
    quarantined: list[FileResult]  # every file the export quarantined, for its run's audit event

    @classmethod
    def for_export(cls, export: ProfileExport, ontology: Ontology) -> Engines:
        """Return the engines a profile run hands an export (`ProfileRuns.export`), over `ontology`."""
        profile = export.profile
        return cls(export.policy, export.keys, export.text,
                   {"name": profile.name, "version": profile.version, "hash": profile.hash}, ontology.version,
                   concept_expander(ontology), lambda concept: ontology.get(concept).label, export.quarantined)


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
    series_without_nifti: int = 0  # with NIfTI asked for: released series dcm2niix made no volume of
    studies_resumed: int = 0  # done by an interrupted run and kept

    def as_dict(self) -> dict:
        """Return the summary as JSON-ready data."""
        return asdict(self)

    def audit_details(self) -> dict:
        """Return the summary for the export's audit event: without the package's path, which the user chose."""
        return {key: value for key, value in self.as_dict().items() if key != "path"}


def check_plan(plan: ExportPlan) -> None:
    """Refuse a plan that cannot be carried out (InvalidInput), before anything is read or written."""
    unknown = sorted(set(plan.outputs) - set(AVAILABLE_OUTPUTS))
    if unknown or not plan.outputs:
        raise InvalidInput(f"outputs must be some of {', '.join(AVAILABLE_OUTPUTS)} ({', '.join(unknown) or 'none'} "
                           "asked)")
    if plan.workers < 1:
        raise InvalidInput("--workers must be at least 1")
    if "nifti" in plan.outputs:
        nifti_converter()
    destination = plan.destination
    if plan.replace:
        return
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise InvalidInput(f"{destination} must be a new or empty folder")
    # An interrupted run of this export may have written the .zip already; anything else's is not replaced.
    if plan.zip and _zip_path(destination).exists() and not work_folder(destination).exists():
        raise InvalidInput(f"{_zip_path(destination)} exists already; choose another destination")


def export_cohort(db: Database, sealer: Sealer, plan: ExportPlan, engines: Engines,
                  progress: Callable[[int, int], None] | None = None) -> ExportSummary:
    """Build the package at `plan.destination` (a new or empty folder), resuming an interrupted run of it.

    A failure of the disk or of a de-identifying process is raised as ExportStopped, in one PHI-free line.
    """
    check_plan(plan)
    try:
        return _export(db, sealer, plan, engines, progress)
    except OSError as exc:  # only the system's reason: the file name may hold a patient's name
        raise ExportStopped(f"the export could not write its files ({exc.strerror or type(exc).__name__}); "
                            "fix that and run it again") from None
    except BrokenProcessPool:
        raise ExportStopped("a de-identifying process ended abruptly (out of memory?); run the export again with "
                            "fewer workers") from None


def _export(db: Database, sealer: Sealer, plan: ExportPlan, engines: Engines,
            progress: Callable[[int, int], None] | None) -> ExportSummary:
    destination = plan.destination
    zipped = _zip_path(destination)
    selection = CohortSelection(db, sealer, plan.definition, engines.expand)
    measured = selection.measure()
    with ExportWork(destination, _identity(plan, engines, measured.fingerprint)) as work:
        if not measured.instances:  # refused once this run holds the work folder, so another run's stays
            work.close_finished()
            raise InvalidInput("the definition selects no images: there is nothing to export")
        if plan.replace:  # only once this run holds the work folder: never under another run's feet
            shutil.rmtree(destination, ignore_errors=True)
            zipped.unlink(missing_ok=True)
        summary = ExportSummary(plan.definition.hash, studies_resumed=len(work.done))
        engines.quarantined.extend(_held_by_resumed_studies(selection, work, _quarantine_folder(destination)))
        _export_studies(selection, plan, engines, work, measured.instances, progress)
        _write_tables(db, plan, engines, work, summary)
        package = _assemble(work, destination.name, summary.definition_hash)
        if plan.zip:
            archive = shutil.make_archive(str(work.folder / destination.name), "zip", root_dir=package.parent,
                                          base_dir=package.name)
            summary.path = str(zipped)
            os.replace(archive, zipped)
        if destination.exists():
            destination.rmdir()
        package.rename(destination)
        work.close_finished()
    summary.path = summary.path or str(destination)
    return summary


def _zip_path(destination: Path) -> Path:
    return destination.with_name(f"{destination.name}.zip")


def _identity(plan: ExportPlan, engines: Engines, index_fingerprint: str) -> dict:
    """Return what the per-study outputs depend on: a run resumes only the work of one with the same identity."""
    return {"definition_hash": plan.definition.hash, "outputs": sorted(plan.outputs), "profile": engines.profile,
            "ontology_version": engines.ontology_version, "software_version": software_version(),
            "keys": engines.keys.fingerprint(), "index": index_fingerprint}


def _quarantine_folder(destination: Path) -> Path:
    """Return where an export's quarantined files go: beside the package, never inside it (as for `deid dicom`)."""
    return destination.with_name(destination.name + ".quarantine")


def _held_by_resumed_studies(selection: CohortSelection, work: ExportWork, quarantine: Path) -> list[FileResult]:
    """Return the files that the studies an interrupted run finished had quarantined, their sources from the index."""
    held = []
    for study in work.done.values():
        if study.held:
            sources = selection.files(study.id)
            held += [FileResult(sources[position], str(quarantine / copy), "", "", "quarantined", reason, code)
                     for position, code, reason, copy in study.held]
    return held


@dataclass(frozen=True)
class _StudyRun:
    """One study on its way through the de-identifier, and its record of what its files came to so far."""

    study: SelectedStudy
    record: StudyRecord

    def add(self, result: FileResult, position: int, dicom_root: Path, quarantine: Path) -> None:
        """Count the result of the study's file at `position`; a released one names the study's output folder."""
        self.record.files += 1
        if result.status != "ok":
            quarantined = self.record.quarantined
            quarantined[result.reason_code] = quarantined.get(result.reason_code, 0) + 1
            if result.status == "quarantined":
                copy = str(Path(result.output_path).relative_to(quarantine))
                self.record.held.append([position, result.reason_code, result.reason, copy])
            return
        self.record.instances += 1
        # DST/<patient pseudonym>/<study UID>/<series UID>/<SOP instance UID>.dcm
        folder = list(Path(result.output_path).relative_to(dicom_root).parts[:2])
        self.record.pseudonym, self.record.study_uid = folder
        if folder not in self.record.folders:
            self.record.folders.append(folder)


def _export_studies(selection: CohortSelection, plan: ExportPlan, engines: Engines, work: ExportWork, total: int,
                    progress: Callable[[int, int], None] | None) -> None:
    """De-identify every study not done yet, each written down in the journal once its files are in place."""
    dicom, quarantine = work.payload / "dicom", _quarantine_folder(plan.destination)
    deidentifier = FileDeidentifier(engines.policy, engines.keys, dicom, quarantine)

    def files():
        for study in selection.studies():
            if study.id in work.done:
                continue
            paths = selection.files(study.id)
            run = _StudyRun(study, StudyRecord(study.id))
            for position, path in enumerate(paths):
                yield (run, position, position == len(paths) - 1), Path(path)

    done = sum(study.files for study in work.done.values())
    for (run, position, last), result in deidentify_files(deidentifier, files(), plan.workers):
        run.add(result, position, dicom, quarantine)
        if result.status == "quarantined":
            engines.quarantined.append(result)
        done += 1
        if progress:
            progress(done, total)
        if last:
            work.record(_finish_study(run, selection, plan, engines, work))


def _finish_study(run: _StudyRun, selection: CohortSelection, plan: ExportPlan, engines: Engines,
                  work: ExportWork) -> StudyRecord:
    """Derive the study's PNG and NIfTI, de-identify its reports, and return its journal record."""
    record = run.record
    for pseudonym, study_uid in record.folders:
        record.series_without_nifti += _write_images(work, Path(pseudonym, study_uid), plan.outputs)
        if "dicom" not in plan.outputs:
            shutil.rmtree(work.payload / "dicom" / pseudonym / study_uid)
    if record.pseudonym and "reports" in plan.outputs:
        lines = []
        for text, report_id in selection.reports(record.id):
            cleaned = engines.text.deidentify(text, patient=run.study.patient,
                                              study_date=run.study.study_date or None, report_id=report_id)
            lines.append(json.dumps({"patient": record.pseudonym, "study": record.study_uid, "text": cleaned.text},
                                    sort_keys=True))
        write_atomically(work.report_file(record.id), "".join(line + "\n" for line in sorted(lines)).encode())
        record.reports = len(lines)
    return record


def _write_images(work: ExportWork, study: Path, outputs: tuple[str, ...]) -> int:
    """Derive PNG per instance and NIfTI per series from a study's released DICOM, in the same tree layout.

    Return how many of the study's series got no NIfTI volume (dcm2niix refused them: not images, say).
    """
    payload = work.payload
    dicom = payload / "dicom"
    if "png" in outputs:
        for path in sorted((dicom / study).rglob("*.dcm")):
            write_png(path, (payload / "png" / path.relative_to(dicom)).with_suffix(".png"))
    if "nifti" not in outputs:
        return 0
    return sum(not write_nifti(series, payload / "nifti" / f"{series.relative_to(dicom)}.nii.gz", work.scratch)
               for series in sorted(p for p in (dicom / study).iterdir() if p.is_dir()))


def _write_tables(db: Database, plan: ExportPlan, engines: Engines, work: ExportWork, summary: ExportSummary) -> None:
    """Write the reports, labels, splits, datalist, manifest and card of the finished studies; fill the summary."""
    definition, payload = plan.definition, work.payload
    payload.mkdir(exist_ok=True)  # none there yet when no study could be released
    studies = work.done.values()
    released = sorted((s for s in studies if s.pseudonym), key=lambda s: (s.pseudonym, s.study_uid))
    quarantined: Counter = Counter()
    for study in studies:
        quarantined.update(study.quarantined)
    summary.studies, summary.studies_left_out = len(released), len(studies) - len(released)
    summary.patients = len({s.pseudonym for s in released})
    summary.instances = sum(s.instances for s in studies)
    summary.series_without_nifti = sum(s.series_without_nifti for s in released)
    summary.quarantined = dict(sorted(quarantined.items()))
    if "dicom" not in plan.outputs:
        shutil.rmtree(payload / "dicom", ignore_errors=True)
    labels = study_labels(db, [s.id for s in released], definition.labels, engines.expand)
    if "reports" in plan.outputs:
        _join_reports(work, released, payload / "reports.jsonl")
        summary.reports = sum(s.reports for s in released)
    if "labels" in plan.outputs:
        _write_text(payload / "labels.csv", labels_csv(released, definition.labels, labels))
    splits = assign_splits(strata(released, definition.labels[:1], labels), plan.seed)
    _write_text(payload / "splits.csv", to_csv([("patient", "split")] + sorted(splits.items())))
    _write_text(payload / "datalist.json", json.dumps(
        datalist(released, labels, definition.labels, _datalist_image(payload, plan.outputs), splits), indent=1,
        sort_keys=True))
    manifest = {"definition": definition.canonical(), "definition_hash": definition.hash,
                "profile": engines.profile, "ontology_version": engines.ontology_version,
                "software_version": software_version(), "seed": plan.seed, "outputs": sorted(plan.outputs),
                "splits": {name: share for name, share in SPLITS},
                "split_sizes": {name: Counter(splits.values())[name] for name, _ in SPLITS},
                "label_names": {concept: engines.concept_name(concept) for concept in definition.labels},
                "prevalence": prevalence_table(released, definition.labels, labels),
                "counts": {"patients": summary.patients, "studies": summary.studies,
                           "studies_left_out": summary.studies_left_out, "instances": summary.instances,
                           "reports": summary.reports, "series_without_nifti": summary.series_without_nifti},
                "quarantined": summary.quarantined}
    _write_text(payload / "manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
    _write_text(payload / "README.md", dataset_card(manifest))


def _datalist_image(payload: Path, outputs: tuple[str, ...]) -> Callable[[StudyRecord], str | list[str] | None]:
    """Return a study's datalist `image`: its NIfTI volume(s) when exported, else its DICOM study folder, else None."""
    # NIfTI first: MONAI's loaders read a volume file as it is; several series make a list (MONAI's channels).
    def volumes(study: StudyRecord) -> str | list[str] | None:
        found = sorted(str(path.relative_to(payload))
                       for path in (payload / "nifti" / study.pseudonym / study.study_uid).glob("*.nii.gz"))
        return found[0] if len(found) == 1 else found or None

    if "nifti" in outputs:
        return volumes
    if "dicom" in outputs:
        return lambda study: f"dicom/{study.pseudonym}/{study.study_uid}"
    return lambda study: None


def _join_reports(work: ExportWork, released: list[StudyRecord], path: Path) -> None:
    """Write reports.jsonl: the studies' de-identified report lines in package order, streamed, then renamed."""
    partial = path.with_name(f".{path.name}.tmp")
    with open(partial, "wb") as out:
        for study in released:
            with open(work.report_file(study.id), "rb") as lines:
                shutil.copyfileobj(lines, out)
    os.replace(partial, path)


def _assemble(work: ExportWork, name: str, definition_hash: str) -> Path:
    """Make the bag `package/NAME` of the work folder from the payload (hard links: no data is copied)."""
    bag = work.folder / "package" / name
    shutil.rmtree(bag.parent, ignore_errors=True)
    bag.mkdir(parents=True)
    for folder, _, names in os.walk(work.payload):
        for file_name in names:
            if file_name.startswith(".") and file_name.endswith(".tmp"):
                continue  # left by a writer killed mid-file: never part of the package
            source = Path(folder, file_name)
            target = bag / source.relative_to(work.payload)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)
    bagit.make_bag(str(bag), {"Source-Organization": "Cleanroom honest broker",
                              "External-Description": "De-identified research cohort",
                              "External-Identifier": definition_hash}, checksums=["sha256"])
    return bag


def _write_text(path: Path, text: str) -> None:
    write_atomically(path, text.encode("utf-8"))
