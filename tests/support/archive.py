"""A small synthetic archive indexed the way a hospital's would be: DICOM studies and their reports."""
from __future__ import annotations

import json
from pathlib import Path

from pydicom.uid import generate_uid

from app.ingest.folder import ingest_dicom
from app.ingest.reports import ingest_reports
from tests.dicom_factory import instance, to_bytes

PNEUMOTHORAX, TENSION, LOBECTOMY = "RID5352", "RID28525", "CLN06002"
# (how many studies, modality, body part, birth date, report): every study its own patient, dated 2018-05-02.
ARCHIVE = [
    (12, "CT", "CHEST", "19700101", "IMPRESSION: Small right pneumothorax."),
    (2, "CT", "CHEST", "19700101", "IMPRESSION: Tension pneumothorax. Status post right upper lobectomy."),
    (4, "CT", "CHEST", "19700101", "IMPRESSION: No pneumothorax."),
    (3, "CT", "CHEST", "20100101", "IMPRESSION: Possible tiny pneumothorax."),
    (5, "MR", "BRAIN", "19700101", "IMPRESSION: Normal brain."),
]


def build_archive(svc, folder: Path, archive=ARCHIVE, report_prefix: str = "", per_study: int = 1, **dicom):
    """Write, index and annotate the archive under `folder`; return the ontology's concept expander.

    Each study has `per_study` instances in one series; `dicom` sets further attributes of every instance.
    """
    images, lines, n = folder / "dicom", [], 0
    images.mkdir(parents=True)
    for count, modality, part, birth, text in archive:
        for _ in range(count):
            n += 1
            ds = instance(f"1.2.826.0.1.3680043.8.498.{n}", patient_id=f"PAT{n:05d}", study_date="20180502",
                          modality=modality, AccessionNumber=f"ACC{n:05d}", BodyPartExamined=part,
                          PatientBirthDate=birth, **dicom)
            for number in range(per_study):
                if number:
                    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
                    ds.InstanceNumber = number + 1
                (images / f"{n}.{number}.dcm").write_bytes(to_bytes(ds))
            lines.append({"id": f"R{n}", "text": report_prefix + text, "accession": f"ACC{n:05d}",
                          "patient": {"id": f"PAT{n:05d}"}})
    reports = folder / "reports.jsonl"
    reports.write_text("".join(json.dumps(line) + "\n" for line in lines))
    ingest_dicom(svc.db, svc.sealer(), [images])
    ingest_reports(svc.db, svc.sealer(), svc.annotator(), [reports])
    ontology = svc.annotator().ontology
    return lambda concept, deep: {concept} | (set(ontology.descendants(concept)) if deep else set())
