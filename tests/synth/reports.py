"""Synthetic radiology reports with PHI embedded the way real reports carry it.

One report per study: header block (patient, MRN, DOB, accession, referring physician), sections
CLINICAL HISTORY, COMPARISON, TECHNIQUE, FINDINGS and IMPRESSION, findings with negation and
uncertainty, and a signature line. Every PHI string placed in the text is listed in the report's
"phi" entry so a text de-identifier can be scored against it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from . import phi as phi_mod


@dataclass(frozen=True)
class Finding:
    """One organ line: its normal wording plus abnormal alternatives."""

    organ: str
    normal: str
    abnormal: tuple[str, ...]  # definite findings
    uncertain: tuple[str, ...]  # hedged findings ("Possible ...")


@dataclass(frozen=True)
class Procedure:
    """A study type: what DICOM headers say about it and what its report contains."""

    code: str
    modality: str
    description: str
    body_part: str
    indications: tuple[str, ...]
    technique: str
    findings: tuple[Finding, ...]
    normal_impression: str


PROCEDURES: dict[str, Procedure] = {
    p.code: p
    for p in (
        Procedure(
            "CTCHESTC",
            "CT",
            "CT CHEST W CONTRAST",
            "CHEST",
            (
                "shortness of breath",
                "follow-up of pulmonary nodule",
                "persistent cough",
                "staging of known malignancy",
            ),
            "Axial CT images of the chest were obtained after intravenous contrast. "
            "Coronal and sagittal reformats were reviewed.",
            (
                Finding(
                    "Lungs",
                    "The lungs are clear.",
                    ("A 6 mm solid nodule in the right upper lobe.", "Mild centrilobular emphysema."),
                    ("Possible subtle ground-glass opacity in the left lower lobe.",),
                ),
                Finding(
                    "Pleura",
                    "No pleural effusion. No pneumothorax.",
                    ("Small right pleural effusion.",),
                    ("Possible small left pleural effusion.",),
                ),
                Finding(
                    "Mediastinum",
                    "No mediastinal or hilar lymphadenopathy.",
                    ("Enlarged subcarinal lymph node measuring 14 mm.",),
                    ("Borderline prominent right hilar node, likely reactive.",),
                ),
                Finding("Heart", "Heart size is normal. No pericardial effusion.", ("Mild cardiomegaly.",), ()),
            ),
            "No acute cardiopulmonary abnormality.",
        ),
        Procedure(
            "CTABDPELC",
            "CT",
            "CT ABDOMEN PELVIS W CONTRAST",
            "ABDOMEN",
            ("right lower quadrant pain", "abdominal pain and fever", "weight loss", "follow-up of renal cyst"),
            "Axial CT images of the abdomen and pelvis were obtained after intravenous and oral contrast.",
            (
                Finding(
                    "Liver",
                    "The liver is normal in size and attenuation.",
                    ("Hepatic steatosis.", "A 12 mm hypodense lesion in segment 7."),
                    ("Possible small hepatic cyst, too small to characterize.",),
                ),
                Finding(
                    "Kidneys",
                    "No hydronephrosis. No renal calculi.",
                    ("Simple left renal cyst measuring 2.1 cm.",),
                    ("Questionable punctate nonobstructing right renal calculus.",),
                ),
                Finding(
                    "Bowel",
                    "No bowel obstruction. The appendix is normal.",
                    ("Sigmoid diverticulosis without diverticulitis.",),
                    ("Possible mild wall thickening of the terminal ileum.",),
                ),
                Finding("Free fluid", "No free fluid or free air.", ("Small volume pelvic free fluid.",), ()),
            ),
            "No acute abnormality in the abdomen or pelvis.",
        ),
        Procedure(
            "CTHEADNC",
            "CT",
            "CT HEAD WO CONTRAST",
            "HEAD",
            ("headache", "fall with head strike", "altered mental status", "dizziness"),
            "Axial CT images of the head were obtained without intravenous contrast.",
            (
                Finding(
                    "Brain",
                    "No intracranial hemorrhage, mass effect or midline shift.",
                    ("Chronic small vessel ischemic changes.",),
                    ("Possible small hypodensity in the left basal ganglia, may represent a lacunar infarct.",),
                ),
                Finding(
                    "Ventricles", "The ventricles are normal in size.", ("Mild ex vacuo ventricular enlargement.",), ()
                ),
                Finding(
                    "Calvarium",
                    "No acute fracture.",
                    (),
                    ("Questionable nondisplaced fracture of the right parietal bone.",),
                ),
            ),
            "No acute intracranial abnormality.",
        ),
        Procedure(
            "MRBRAINWWO",
            "MR",
            "MRI BRAIN WO W CONTRAST",
            "BRAIN",
            ("seizure", "headache with visual changes", "follow-up of meningioma", "numbness of the left arm"),
            "Multiplanar, multisequence MR images of the brain were obtained before and after gadolinium.",
            (
                Finding(
                    "Parenchyma",
                    "No restricted diffusion. No abnormal enhancement.",
                    ("Scattered T2 hyperintense foci in the periventricular white matter.",),
                    ("Possible tiny focus of enhancement in the right frontal lobe.",),
                ),
                Finding("Extra-axial", "No extra-axial collection.", ("Stable 9 mm left parafalcine meningioma.",), ()),
                Finding(
                    "Sinuses", "The paranasal sinuses are clear.", ("Mucosal thickening of the maxillary sinuses.",), ()
                ),
            ),
            "No acute intracranial abnormality.",
        ),
        Procedure(
            "MRKNEEWO",
            "MR",
            "MRI KNEE WO CONTRAST",
            "KNEE",
            ("knee pain after twisting injury", "locking of the knee", "medial knee pain"),
            "Multiplanar MR images of the knee were obtained without contrast.",
            (
                Finding(
                    "Menisci",
                    "The menisci are intact.",
                    ("Oblique tear of the posterior horn of the medial meniscus.",),
                    ("Possible small radial tear of the lateral meniscus.",),
                ),
                Finding(
                    "Ligaments",
                    "The cruciate and collateral ligaments are intact.",
                    ("Complete tear of the anterior cruciate ligament.",),
                    (),
                ),
                Finding("Joint", "No joint effusion.", ("Moderate joint effusion.",), ("Possible small Baker cyst.",)),
            ),
            "No internal derangement of the knee.",
        ),
        Procedure(
            "XRCHEST2V",
            "CR",
            "XR CHEST 2 VIEWS",
            "CHEST",
            ("cough", "fever", "preoperative evaluation", "chest pain"),
            "PA and lateral views of the chest.",
            (
                Finding(
                    "Lungs",
                    "The lungs are clear.",
                    ("Right lower lobe consolidation.",),
                    ("Possible left basilar atelectasis.",),
                ),
                Finding(
                    "Pleura",
                    "No pleural effusion. No pneumothorax.",
                    ("Small bilateral pleural effusions.",),
                    ("Possible small left pleural effusion.",),
                ),
                Finding("Heart", "The cardiomediastinal silhouette is normal.", ("Cardiomegaly.",), ()),
            ),
            "No acute cardiopulmonary process.",
        ),
        Procedure(
            "XRCSPINE",
            "CR",
            "XR C SPINE 2 VIEWS",
            "CSPINE",
            ("neck pain after motor vehicle collision", "chronic neck pain"),
            "AP and lateral views of the cervical spine.",
            (
                Finding("Alignment", "Alignment is normal.", ("Straightening of the normal cervical lordosis.",), ()),
                Finding(
                    "Vertebrae",
                    "No acute fracture.",
                    ("Degenerative disc disease at C5-C6.",),
                    ("Possible subtle lucency at the C6 spinous process.",),
                ),
            ),
            "No acute fracture or malalignment.",
        ),
        Procedure(
            "USABDCOMP",
            "US",
            "US ABDOMEN COMPLETE",
            "ABDOMEN",
            ("elevated liver enzymes", "right upper quadrant pain", "abdominal distension"),
            "Real-time grayscale and color Doppler ultrasound of the abdomen.",
            (
                Finding(
                    "Liver",
                    "The liver is normal in echotexture.",
                    ("Diffusely increased hepatic echogenicity.",),
                    ("Possible small hypoechoic lesion in the right lobe.",),
                ),
                Finding(
                    "Gallbladder",
                    "No gallstones. No gallbladder wall thickening.",
                    ("Cholelithiasis without sonographic signs of cholecystitis.",),
                    ("Possible gallbladder sludge.",),
                ),
                Finding("Kidneys", "No hydronephrosis.", ("Mild left hydronephrosis.",), ()),
            ),
            "Normal abdominal ultrasound.",
        ),
        Procedure(
            "USTHYROID",
            "US",
            "US THYROID",
            "NECK",
            ("palpable neck nodule", "follow-up of thyroid nodules"),
            "Grayscale and color Doppler ultrasound of the thyroid gland.",
            (
                Finding(
                    "Right lobe",
                    "The right lobe is normal in size and echotexture.",
                    ("A 1.4 cm solid hypoechoic nodule in the right lobe.",),
                    ("Possible tiny cyst in the right lobe.",),
                ),
                Finding(
                    "Left lobe",
                    "The left lobe is normal in size and echotexture.",
                    ("A 9 mm spongiform nodule in the left lobe.",),
                    (),
                ),
                Finding(
                    "Lymph nodes",
                    "No abnormal cervical lymph nodes.",
                    (),
                    ("Possible mildly enlarged level III node, likely reactive.",),
                ),
            ),
            "Normal thyroid ultrasound.",
        ),
    )
}

PROCEDURES_BY_MODALITY: dict[str, tuple[str, ...]] = {}
for _p in PROCEDURES.values():
    PROCEDURES_BY_MODALITY[_p.modality] = PROCEDURES_BY_MODALITY.get(_p.modality, ()) + (_p.code,)


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


def _person(value: Any) -> phi_mod.PersonName:
    """Accept a PersonName, a DICOM PN string or a mapping with family/given."""
    if isinstance(value, phi_mod.PersonName):
        return value
    if isinstance(value, Mapping):
        value = value.get("name", "")
    parts = (str(value).split("^") + [""] * 5)[:5]
    return phi_mod.PersonName(*parts)


class _Text:
    """Accumulates report lines and the PHI strings placed in them."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.phi: list[dict[str, str]] = []

    def put(self, value: str, kind: str) -> str:
        """Record a PHI string placed in the text and return it."""
        self.phi.append({"value": value, "kind": kind})
        return value


def _one_report(study: Mapping[str, Any], rng: random.Random, index: int) -> dict[str, Any]:
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
    P, D, ID, PH, INS = phi_mod.PERSON_NAME, phi_mod.DATE, phi_mod.IDENTIFIER, phi_mod.PHONE, phi_mod.INSTITUTION

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
    rng = random.Random(seed)
    return [_one_report(study, rng, i) for i, study in enumerate(studies, start=1)]
