"""Synthetic radiology reports for tests and benchmarks: the demo's report writer, on fabricated studies too.

One report per study (see app.demo.reports); every PHI string placed in the text is listed in the
report's "phi" entry so a text de-identifier can be scored against it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from app.demo import reports as demo_reports
from app.demo.procedures import PROCEDURES

from . import phi as phi_mod


def synthetic_studies(count: int, seed: int) -> list[dict[str, Any]]:
    """Fabricate study records (same shape as a corpus manifest's "studies") without any DICOM."""
    factory = phi_mod.PhiFactory(seed)
    rng = random.Random(seed)
    inst = factory.institution()
    referrers = [factory.staff("referring", inst) for _ in range(3)]
    readers = [factory.staff("radiologist", inst) for _ in range(2)]
    studies: list[dict[str, Any]] = []
    patient = None
    prior: date | None = None
    for i in range(count):
        if patient is None or rng.random() < 0.5:  # roughly two studies per patient
            patient, prior = factory.patient(inst), None
        when = (
            factory.date_between(date(2015, 1, 1), date(2024, 12, 31))
            if prior is None
            else prior + timedelta(days=rng.randint(60, 700))
        )
        code = rng.choice(sorted(PROCEDURES))
        ref, reader = rng.choice(referrers), rng.choice(readers)
        studies.append(
            {
                "study_instance_uid": f"2.25.{(seed * 1_000_003 + i) % 10**30 + 10**30}",
                "study_date": when.strftime("%Y%m%d"),
                "modality": PROCEDURES[code].modality,
                "procedure": code,
                "accession": factory.accession_number(),
                "prior_study_date": prior.strftime("%Y%m%d") if prior else None,
                "patient": {
                    "key": patient.key,
                    "name": patient.dicom_name,
                    "mrn": patient.mrn,
                    "birth_date": patient.birth_date.strftime("%Y%m%d"),
                    "sex": patient.sex,
                },
                "referring_physician": {"name": ref.dicom_name, "phone": ref.phone},
                "radiologist": {"name": reader.dicom_name},
                "institution": {"name": inst.name, "phone": inst.phone},
            }
        )
        prior = when
    return studies


def generate_reports(studies: Iterable[Mapping[str, Any]] | int, seed: int) -> list[dict[str, Any]]:
    """Return one synthetic radiology report per study (or `studies` fabricated ones if an int)."""
    if isinstance(studies, int):
        studies = synthetic_studies(studies, seed)
    return demo_reports.generate_reports(studies, seed)
