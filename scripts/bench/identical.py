#!/usr/bin/env python3
"""Digest every output of a fixed corpus under every shipped profile: a refactor must leave the digests unchanged.

    PYTHONPATH=. .venv/bin/python scripts/bench/identical.py [--keep DIR] [--detail]

The corpus is built the same way every run (fixed UIDs, fixed keys, fixed seeds):
- dicom-real: the public files in tests/data/dicom-real/files;
- factory: synthetic instances from tests/dicom_factory.py (PHI in names, IDs, free text, private
  tags, sequences), some varied (no patient ID, an SR with a damaged item, an ultrasound, an old patient);
- burned-in: small images with a patient's name, IDs, dates and times burned into the pixels in the
  renderings devices print (read by tesseract under the pixel-cleaning profiles);
- reports: tests/data/text/adversarial_reports.jsonl and a few reports with the patient's known identifiers.

Every profile in profiles/ de-identifies every DICOM input through the batch runner (one worker, no time
limit, linkage file written) and every report through the JSONL runner. Per input the digest covers
the status, reason, output path and output bytes. The table prints one digest per corpus and profile,
then the total; `--detail` adds one line per input (file names and digests only, never values).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import itertools
import json
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402
from pydicom.dataset import Dataset, FileMetaDataset  # noqa: E402
from pydicom.uid import ExplicitVRLittleEndian, PYDICOM_IMPLEMENTATION_UID  # noqa: E402

from app.deid.batch import plan_batch, run_batch  # noqa: E402
from app.dicom.policy import Policy  # noqa: E402
from app.identity import IdentityKeys  # noqa: E402
from app.profiles import ProfileLibrary  # noqa: E402
from app.text.batch import deidentify_jsonl  # noqa: E402
from tests import dicom_factory  # noqa: E402

KEYS = IdentityKeys(b"u" * 32, b"p" * 32, b"d" * 32)
REAL = REPO / "tests" / "data" / "dicom-real" / "files"
ADVERSARIAL = REPO / "tests" / "data" / "text" / "adversarial_reports.jsonl"
FONT = "DejaVuSans.ttf"
UID_ROOT = "1.2.826.0.1.3680043.10.1234."


def fixed_uids():
    """Make the factory's generate_uid deterministic: one counter for the whole corpus."""
    counter = itertools.count(1)
    dicom_factory.generate_uid = lambda *args, **kwargs: f"{UID_ROOT}{next(counter)}"


def factory_files(folder: Path) -> None:
    """Write the synthetic instances of tests/dicom_factory.py, with variations, into `folder`."""
    folder.mkdir(parents=True)
    study = f"{UID_ROOT}900"
    variants = {
        "ct": dict(study_uid=study),
        "ct-second-series": dict(study_uid=study, StudyDescription="CT CHEST per Dr. Thistlewood"),
        "no-patient-id": dict(patient_id=""),
        "old-patient": dict(PatientAge="095Y", PatientBirthDate="19200101"),
        "ultrasound": dict(modality="US"),
        "comments": dict(StudyComments=f"DOB 03/12/1940, MRN {dicom_factory.MRN}, seen 2020-01-15 by Dr Thistlewood",
                         ImageComments="Marisol Quillfeather 12 March 1940"),
        "other-names": dict(OtherPatientNames="Quillfeather-Hart^Marisol^Anne", PatientBirthName="Hart^Marisol"),
        "mr": dict(template="MR_small.dcm", modality="MR"),
    }
    for name, changes in variants.items():
        ds = dicom_factory.instance(**changes)
        (folder / f"{name}.dcm").write_bytes(dicom_factory.to_bytes(ds))
    (folder / "sr-broken-item.dcm").write_bytes(dicom_factory.sr_with_broken_item_delimiter())
    (folder / "not-dicom.txt").write_text("not a DICOM file\n")


def render(lines: list[tuple[str, tuple[int, int]]], shape: tuple[int, int]) -> np.ndarray:
    """A noisy dark 8-bit field with `lines` drawn in light ink."""
    rng = np.random.default_rng(5)
    image = Image.fromarray(np.clip(rng.normal(30, 6, shape), 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 18)
    for text, xy in lines:
        draw.text(xy, text, font=font, fill=230)
    return np.asarray(image)


def burned_in_files(folder: Path) -> None:
    """Write images whose pixels carry the header's identifiers in several renderings."""
    folder.mkdir(parents=True)
    family, given, mrn = "QUARTERMAINE", "BEATRIX", "48213377"
    screens = {
        "us-name-dates": ("US", "YES", [(f"{family}, {given}", (12, 10)), (f"ID {mrn}", (12, 50)),
                                        ("03/07/1961", (12, 90)), ("14-Mar-2021 10:42", (200, 130))]),
        "us-long-dates": ("US", None, [(f"{given} {family}", (12, 10)), ("March 7, 1961", (12, 50)),
                                       ("2021-03-14", (12, 90)), ("Ravenmoor Clinic", (200, 130))]),
        "cr-unlabelled": ("CR", None, [(f"B. {family}", (12, 10)), ("07.03.1961", (12, 50)),
                                       (f"ACC {mrn}9", (12, 90))]),
        "sc-clean": ("OT", "YES", [("AXIAL 5 mm", (12, 10)), ("WL 40 WW 400", (12, 50))]),
    }
    for index, (name, (modality, burned, lines)) in enumerate(screens.items()):
        pixels = render(lines, (170, 360))
        ds = Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
        sop_class = "1.2.840.10008.5.1.4.1.1.1" if modality == "CR" else "1.2.840.10008.5.1.4.1.1.7"
        ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID = sop_class
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID = f"{UID_ROOT}5{index}1"
        ds.StudyInstanceUID, ds.SeriesInstanceUID = f"{UID_ROOT}5{index}2", f"{UID_ROOT}5{index}3"
        ds.Modality = modality
        ds.PatientName, ds.PatientID, ds.AccessionNumber = f"{family}^{given}", mrn, f"ACC {mrn}9"
        ds.PatientBirthDate, ds.StudyDate, ds.StudyTime = "19610307", "20210314", "104210"
        ds.InstitutionName = "Ravenmoor Clinic"
        if burned:
            ds.BurnedInAnnotation = burned
        ds.Rows, ds.Columns = pixels.shape
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
        ds.PixelData = pixels.tobytes()
        buffer = io.BytesIO()
        ds.save_as(buffer, enforce_file_format=True)
        (folder / f"{name}.dcm").write_bytes(buffer.getvalue())


def report_file(path: Path) -> None:
    """Write the adversarial reports and a few with the patient's known identifiers, as one JSONL file."""
    patient = {"name": "QUILLFEATHER^MARISOL^ANNE", "mrn": "QX-773-0941", "birth_date": "1940-03-12",
               "accession": "ACC55821907", "physicians": ["Thistlewood, Bartholomew", "Dr. Ines Okonkwo-Blake"]}
    known = [
        "Patient Marisol Quillfeather (MRN QX7730941), born 03/12/1940, seen 12 March 1940 and Mar. 12, 1940.",
        "QUILLFEATHER, M. DOB 1940-03-12. Acc # ACC 558 219 07. Compared with 2019/11/02. Read by B Thistlewood.",
        "Ms. Quillfeather returns; prior 15-Jan-2020. Dr. Okonkwo-Blake discussed with M Quillfeather on 1/15/20.",
        "No acute findings. Quillfeather-Hart, Anne; 12-MAR-1940; QX 7730941.",
    ]
    with path.open("w") as out:
        for line in ADVERSARIAL.read_text().splitlines():
            item = json.loads(line)
            out.write(json.dumps({"id": item["id"], "text": item["text"]}) + "\n")
        for index, text in enumerate(known):
            out.write(json.dumps({"id": f"known-{index}", "text": text, "patient": patient,
                                  "study_date": "2020-01-15"}) + "\n")


def digest_dicom(source: Path, root: Path, profile) -> tuple[str, list[tuple[str, str]]]:
    """Run one profile over a folder; return the digest of every result and per-input digests."""
    out, link = root / "out", root / "link.csv"
    plan = plan_batch(source, out, root / "quarantine", link, workers=1, time_limit=None)
    results = []
    run_batch(plan, Policy(profile), KEYS, on_result=lambda result, total: results.append(result))
    rows = []
    for result in results:
        path = Path(result.output_path) if result.output_path else None
        data = path.read_bytes() if path and path.is_file() else b""
        where = str(path.relative_to(root)) if path else ""
        item = hashlib.sha256("\x1f".join([result.status, result.reason_code, result.reason, where,
                                           result.output_sop_instance_uid]).encode() + data).hexdigest()
        rows.append((Path(result.source_path).relative_to(source).as_posix(), item))
    with link.open() as handle:
        link_rows = [row[2:] for row in csv.reader(handle)]  # source and output paths are folder-specific
    total = hashlib.sha256(json.dumps([rows, link_rows]).encode()).hexdigest()
    return total, rows


def digest_reports(source: Path, root: Path, profile) -> tuple[str, list[tuple[str, str]]]:
    """Run one profile over the reports file; return the digest of the output and per-line digests."""
    out = root / "reports.jsonl"
    deidentify_jsonl(source, out, profile, KEYS)
    lines = out.read_bytes().splitlines()
    rows = [(json.loads(line)["id"], hashlib.sha256(line).hexdigest()) for line in lines]
    return hashlib.sha256(out.read_bytes()).hexdigest(), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the corpus and outputs in this (new) folder")
    parser.add_argument("--detail", action="store_true", help="print one digest per input too")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="identical-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        fixed_uids()
        corpus = work / "corpus"
        shutil.copytree(REAL, corpus / "dicom-real")
        factory_files(corpus / "factory")
        burned_in_files(corpus / "burned-in")
        report_file(corpus / "reports.jsonl")
        library = ProfileLibrary(REPO / "profiles")
        table, detail = [], []
        for profile in library.all():
            for name in ("dicom-real", "factory", "burned-in"):
                total, rows = digest_dicom(corpus / name, work / "runs" / profile.name / name, profile)
                table.append((name, profile.name, len(rows), total))
                detail += [(name, profile.name, *row) for row in rows]
            total, rows = digest_reports(corpus / "reports.jsonl", work / "runs" / profile.name, profile)
            table.append(("reports", profile.name, len(rows), total))
            detail += [("reports", profile.name, *row) for row in rows]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("| corpus | profile | inputs | digest |\n|---|---|---:|---|")
    for name, profile, count, total in table:
        print(f"| {name} | {profile} | {count} | {total[:16]} |")
    overall = hashlib.sha256("".join(row[3] for row in table).encode()).hexdigest()
    print(f"\ntotal digest: {overall}")
    if args.detail:
        for row in detail:
            print(" ".join(row))


if __name__ == "__main__":
    main()
