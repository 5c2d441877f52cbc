"""The demo's study types (data/procedures.yaml): header values per study and the wording of its report."""
from __future__ import annotations

from dataclasses import dataclass

from .data_files import load


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


def _procedure(code: str, row: dict) -> Procedure:
    findings = tuple(Finding(f["organ"], f["normal"], tuple(f.get("abnormal", ())), tuple(f.get("uncertain", ())))
                     for f in row["findings"])
    return Procedure(code, row["modality"], row["description"], row["body_part"], tuple(row["indications"]),
                     row["technique"], findings, row["normal_impression"])


PROCEDURES: dict[str, Procedure] = {code: _procedure(code, row) for code, row in load("procedures.yaml").items()}
PROCEDURES_BY_MODALITY: dict[str, tuple[str, ...]] = {
    modality: tuple(code for code, p in PROCEDURES.items() if p.modality == modality)
    for modality in dict.fromkeys(p.modality for p in PROCEDURES.values())
}
