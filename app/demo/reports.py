"""Synthetic radiology reports with PHI embedded the way real reports carry it.

One report per study: header block (patient, MRN, DOB, accession, referring physician), sections
CLINICAL HISTORY, COMPARISON, TECHNIQUE, FINDINGS and IMPRESSION, findings with negation and
uncertainty, and a signature line. Every PHI string placed in the text is listed in the report's
"phi" entry, so a text de-identifier can be scored against it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from . import phi
from .phi import PersonName
from .procedures import PROCEDURES, PROCEDURES_BY_MODALITY


@lru_cache(maxsize=1)
def clinical_vocabulary() -> frozenset[str]:
    """Return every lower-case word used in report wording (names must avoid these)."""
    words: set[str] = set()
    texts: list[str] = []
    for p in PROCEDURES.values():
        texts += [p.description, p.technique, p.normal_impression, *p.indications]
        for f in p.findings:
            texts += [f.organ, f.normal, *f.abnormal, *f.uncertain]
    texts += [_BOILERPLATE]
    for text in texts:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    return frozenset(words)


_BOILERPLATE = """Department of Radiology PATIENT MRN DOB ACCESSION EXAM DATE REFERRING PHYSICIAN CLINICAL HISTORY
INDICATION COMPARISON TECHNIQUE FINDINGS IMPRESSION None available Electronically signed by Dictated by
Findings were discussed with by telephone at on year old woman man person Patient states reports
Preliminary report reviewed Dr MD cc Callback number Attending radiologist"""


def _fmt_date(d: date, style: int) -> str:
    # Real reports mix date formats; a de-identifier must catch all of them.
    return (
        d.strftime("%m/%d/%Y"),
        d.strftime("%B %d, %Y").replace(" 0", " "),
        d.isoformat(),
        d.strftime("%d-%b-%Y"),
        f"{d.month}/{d.day}/{d.strftime('%y')}",
    )[style % 5]


def _parse_dicom_date(value: str | date) -> date:
    if isinstance(value, date):
        return value
    value = value.replace("-", "")
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def _person(value: Any) -> PersonName:
    """Accept a PersonName, a DICOM PN string or a mapping with a "name"."""
    if isinstance(value, PersonName):
        return value
    if isinstance(value, Mapping):
        value = value.get("name", "")
    return PersonName.parse(str(value))


class _Text:
    """Accumulates report lines and the PHI strings placed in them."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.phi: list[dict[str, str]] = []

    def put(self, value: str, kind: str) -> str:
        """Record a PHI string placed in the text and return it."""
        self.phi.append({"value": value, "kind": kind})
        return value


def write_report(study: Mapping[str, Any], rng: random.Random, index: int) -> dict[str, Any]:
    """Return report number `index` for one study record (patient, accession, dates, procedure, staff)."""
    pat = study["patient"]
    pname = _person(pat)
    mrn = pat["mrn"]
    dob = _parse_dicom_date(pat["birth_date"])
    study_date = _parse_dicom_date(study["study_date"])
    accession = study["accession"]
    procedure = (
        PROCEDURES.get(study.get("procedure", ""), None)
        or PROCEDURES[PROCEDURES_BY_MODALITY.get(study["modality"], ("CTCHESTC",))[0]]
    )
    referring = _person(study.get("referring_physician") or {"name": "Referrer^Unknown"})
    ref_phone = (study.get("referring_physician") or {}).get("phone", "")
    radiologist = _person(study.get("radiologist") or {"name": "Reader^Unknown"})
    institution = study.get("institution") or {}
    t = _Text()
    P, D, ID, PH, INS = phi.PERSON_NAME, phi.DATE, phi.IDENTIFIER, phi.PHONE, phi.INSTITUTION

    header_name = rng.choice(
        [pname.last_first.upper(), f"{pname.last_first} {pname.middle[:1]}".strip(), pname.full_natural]
    )
    if institution.get("name"):
        t.lines.append(t.put(institution["name"], INS))
        t.lines.append(
            f"Department of Radiology  {t.put(institution['phone'], PH)}"
            if institution.get("phone")
            else "Department of Radiology"
        )
        t.lines.append("")
    t.lines.append(f"PATIENT: {t.put(header_name, P)}    MRN: {t.put(mrn, ID)}    DOB: {t.put(_fmt_date(dob, 0), D)}")
    exam_date = t.put(_fmt_date(study_date, rng.choice((0, 1, 3))), D)
    t.lines.append(f"ACCESSION: {t.put(accession, ID)}    EXAM DATE: {exam_date}")
    ref_line = f"REFERRING PHYSICIAN: Dr. {t.put(referring.natural, P)}"
    if ref_phone:
        ref_line += f"  Tel: {t.put(ref_phone, PH)}"
    t.lines.append(ref_line)
    t.lines.append("")
    t.lines.append(f"EXAM: {procedure.description}")
    t.lines.append("")

    age = study_date.year - dob.year - ((study_date.month, study_date.day) < (dob.month, dob.day))
    sex_word = {"F": "woman", "M": "man"}.get(pat.get("sex", ""), "person")
    history = f"{age}-year-old {sex_word} with {rng.choice(procedure.indications)}."
    if rng.random() < 0.5:
        onset = t.put(_fmt_date(study_date - timedelta(days=rng.randint(3, 40)), 4), D)
        history += f" {t.put(pname.given, P)} reports symptoms since {onset}."
    t.lines.append(f"{rng.choice(('CLINICAL HISTORY', 'INDICATION'))}: {history}")

    prior = study.get("prior_study_date")
    if prior:
        prior_date = t.put(_fmt_date(_parse_dicom_date(prior), rng.choice((0, 2, 3))), D)
        t.lines.append(f"COMPARISON: {study.get('prior_modality') or procedure.modality} dated {prior_date}.")
    else:
        t.lines.append("COMPARISON: None available.")
    t.lines.append(f"TECHNIQUE: {procedure.technique}")
    t.lines.append("")

    t.lines.append("FINDINGS:")
    impressions: list[str] = []
    for finding in procedure.findings:
        roll = rng.random()
        if roll < 0.2 and finding.abnormal:
            text = rng.choice(finding.abnormal)
            impressions.append(text)
        elif roll < 0.35 and finding.uncertain:
            text = rng.choice(finding.uncertain)
            impressions.append(text)
        else:
            text = finding.normal
        t.lines.append(f"{finding.organ}: {text}")
    if prior and rng.random() < 0.5:
        t.lines.append("Otherwise unchanged compared with the prior study.")
    t.lines.append("")

    t.lines.append("IMPRESSION:")
    for n, text in enumerate(impressions or [procedure.normal_impression], start=1):
        t.lines.append(f"{n}. {text}")
    t.lines.append("")

    signed = datetime.combine(study_date, datetime.min.time()) + timedelta(
        hours=rng.randint(8, 20), minutes=rng.randint(0, 59)
    )
    if impressions and rng.random() < 0.5:
        called = t.put(_fmt_date(signed.date(), 3), D)
        t.lines.append(
            f"Findings were discussed with Dr. {t.put(referring.family, P)} by telephone at {signed:%H:%M} on {called}."
        )
    signed_on = t.put(_fmt_date(signed.date(), 2), D)
    t.lines.append(f"Electronically signed by {t.put(radiologist.natural, P)}, MD on {signed_on} {signed:%H:%M}.")

    return {
        "id": f"R{index:05d}",
        "text": "\n".join(t.lines) + "\n",
        "patient": {"name": pname.dicom(), "mrn": mrn, "birth_date": dob.isoformat(), "accession": accession},
        "study_date": study_date.isoformat(),
        "modality": procedure.modality,
        "study_instance_uid": study.get("study_instance_uid", ""),
        "procedure": procedure.code,
        "referring_physician": referring.dicom(),
        "radiologist": radiologist.dicom(),
        "phi": t.phi,
    }


def generate_reports(studies: Iterable[Mapping[str, Any]], seed: int) -> list[dict[str, Any]]:
    """Return one synthetic radiology report per study record, the same for the same seed."""
    rng = random.Random(seed)
    return [write_report(study, rng, i) for i, study in enumerate(studies, start=1)]
