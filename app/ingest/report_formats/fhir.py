"""FHIR R4 DiagnosticReport: single resources or Bundles (.json), or one resource per line (.ndjson).

Text is each plain-text presentedForm (base64 data) in order, then the conclusion.
The patient comes from the subject reference, resolved against Patient resources
in the same Bundle or file (MR identifier first); the accession from the report
identifier typed ACSN; the study UID from a referenced ImagingStudy's
urn:dicom:uid identifier; the study date from effectiveDateTime or effectivePeriod.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from fhir.resources.R4B.diagnosticreport import DiagnosticReport
from pydantic import ValidationError

from ..dates import parse_date
from .model import IncomingReport, ReportProblem

DICOM_UID_SYSTEM = "urn:dicom:uid"


def read(path: Path) -> Iterator[IncomingReport | ReportProblem]:
    """Yield each DiagnosticReport's report, or where it is and what is wrong with it."""
    resources, problems = _resources(path)
    yield from problems
    by_reference = _referable(resources)
    for where, resource, _ in resources:
        if resource.get("resourceType") != "DiagnosticReport":
            continue
        try:
            report = DiagnosticReport.model_validate(resource)
        except ValidationError as exc:
            fields = sorted({".".join(str(p) for p in e["loc"][:2]) for e in exc.errors()})[:5]
            yield ReportProblem(where, f"not a valid FHIR R4 DiagnosticReport (fields: {', '.join(fields)})")
            continue
        text = _text(report)
        if not text:
            yield ReportProblem(where, "no plain-text presentedForm or conclusion")
            continue
        identifiers = report.identifier or []
        accession = next((i.value for i in identifiers if _typed(i, "ACSN") and i.value), "")
        report_id = next((i.value for i in identifiers if not _typed(i, "ACSN") and i.value), "") or report.id
        if not report_id:
            yield ReportProblem(where, "no report identifier or id")
            continue
        patient = by_reference.get(report.subject.reference if report.subject else None, {})
        yield IncomingReport(
            "fhir", report_id, text, accession=accession, study_uid=_study_uid(report, by_reference),
            patient_id=_patient_id(patient), patient_name=_patient_name(patient),
            birth_date=(patient.get("birthDate") or "").replace("-", ""),
            sex=(patient.get("gender") or "")[:1].upper(), study_date=_study_date(report))


def _resources(path: Path) -> tuple[list[tuple[str, dict, str]], list[ReportProblem]]:
    """Return (where, resource, full URL) for every resource in the file (Bundles opened), and unparsable parts."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() == ".ndjson":
        parts = [(f"line {n}", line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    else:
        parts = [("resource", text)]
    resources, problems = [], []
    for where, part in parts:
        try:
            resource = json.loads(part)
        except (json.JSONDecodeError, RecursionError):
            problems.append(ReportProblem(where, "not valid JSON"))
            continue
        if not isinstance(resource, dict):
            problems.append(ReportProblem(where, "not a FHIR resource (a JSON object with resourceType)"))
        elif resource.get("resourceType") == "Bundle":
            for n, entry in enumerate(resource.get("entry") or [], 1):
                item = entry.get("resource") if isinstance(entry, dict) else None
                if isinstance(item, dict):
                    resources.append((f"{where} entry {n}", item, str(entry.get("fullUrl") or "")))
        else:
            resources.append((where, resource, ""))
    return resources, problems


def _referable(resources: list[tuple[str, dict, str]]) -> dict[str, dict]:
    """Return Patient and ImagingStudy resources by every reference that may point at them."""
    found = {}
    for _, resource, full_url in resources:
        kind = resource.get("resourceType")
        if kind in ("Patient", "ImagingStudy"):
            if resource.get("id"):
                found[f"{kind}/{resource['id']}"] = resource
            if full_url:
                found[full_url] = resource
    return found


def _typed(identifier, code: str) -> bool:
    codings = identifier.type.coding if identifier.type and identifier.type.coding else []
    return any(c.code == code for c in codings)


def _text(report: DiagnosticReport) -> str:
    parts = []
    for form in report.presentedForm or []:
        if form.data and (form.contentType or "text/plain").startswith("text/plain"):
            # fhir.resources has already checked and decoded the base64Binary value.
            parts.append(form.data.decode("utf-8", errors="replace").strip())
    if report.conclusion and report.conclusion.strip() not in "\n".join(parts):
        parts.append("IMPRESSION:\n" + report.conclusion.strip())
    return "\n\n".join(p for p in parts if p)


def _study_date(report: DiagnosticReport):
    if report.effectiveDateTime:
        return parse_date(str(report.effectiveDateTime))
    if report.effectivePeriod and report.effectivePeriod.start:
        return parse_date(str(report.effectivePeriod.start))
    return None


def _study_uid(report: DiagnosticReport, by_reference: dict) -> str:
    for reference in report.imagingStudy or []:
        study = by_reference.get(reference.reference, {})
        for identifier in study.get("identifier") or []:
            if identifier.get("system") == DICOM_UID_SYSTEM and identifier.get("value"):
                return identifier["value"].removeprefix("urn:oid:")
    return ""


def _patient_id(patient: dict) -> str:
    identifiers = [i for i in patient.get("identifier") or [] if isinstance(i, dict) and i.get("value")]
    medical_record = [i for i in identifiers
                      if any(c.get("code") == "MR" for c in (i.get("type") or {}).get("coding") or [])]
    chosen = (medical_record or identifiers or [{}])[0]
    return str(chosen.get("value") or "")


def _patient_name(patient: dict) -> str:
    names = patient.get("name") or []
    if not names or not isinstance(names[0], dict):
        return ""
    return "^".join([names[0].get("family") or "", " ".join(names[0].get("given") or [])]).strip("^")
