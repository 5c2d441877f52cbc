"""The PhysioNet deid gold corpus (real ICU nursing notes with their PHI marked), read from where it is kept.

The corpus is the "deid" package of PhysioNet (Neamatullah et al., BMC Med Inform Decis Mak 2008), GPL 2.0:
`id.text` (2,434 notes between START_OF_RECORD and END_OF_RECORD lines) and `id-phi.phrase` (one PHI phrase
a line: patient, note, start, end, type, text). It is not shipped here; point CLEANROOM_PHYSIONET_DEID (tests)
or `--physionet DIR` (scripts/bench/deid_text.py) at the folder that holds both files. Years alone
(DateYear) are not PHI under HIPAA Safe Harbor: they are kept apart, neither scored nor counted against a
prediction.
"""
from __future__ import annotations

from pathlib import Path

# PhysioNet deid phrase types -> our kinds; DateYear (a year alone) is not PHI under HIPAA Safe Harbor.
PHYSIONET_KINDS = {"HCPName": "PERSON", "PTName": "PERSON", "PTNameInitial": "PERSON", "RelativeProxyName": "PERSON",
                   "Date": "DATE", "Location": "ADDRESS", "Phone": "PHONE", "Age": "AGE", "Other": "ID"}


def tuned_on(note_id: str) -> bool:
    """Whether a note belongs to the half looked at while tuning (odd patient numbers); the rest is only scored."""
    return int(note_id.split("-")[0]) % 2 == 1


def physionet_reports(folder: Path) -> tuple[list[dict], dict[str, list[tuple[int, int]]]]:
    """The PhysioNet deid notes with gold spans (years alone kept apart: not scored, not counted as errors)."""
    notes, current, lines = {}, None, []
    for line in (folder / "id.text").read_text(encoding="utf-8", errors="replace").splitlines(keepends=True):
        if line.startswith("START_OF_RECORD="):
            patient, note = line.split("=", 1)[1].split("||||")[:2]
            current, lines = f"{patient}-{note}", []
        elif line.startswith("||||END_OF_RECORD"):
            notes[current] = "".join(lines)
            current = None
        elif current is not None:
            lines.append(line)
    gold: dict[str, list[dict]] = {key: [] for key in notes}
    years: dict[str, list[tuple[int, int]]] = {key: [] for key in notes}
    for row in (folder / "id-phi.phrase").read_text(encoding="utf-8", errors="replace").splitlines():
        parts = row.split(maxsplit=5)
        if len(parts) < 5 or f"{parts[0]}-{parts[1]}" not in notes:
            continue
        key, start, end, kind = f"{parts[0]}-{parts[1]}", int(parts[2]), int(parts[3]), parts[4]
        if kind == "DateYear":
            years[key].append((start, end))
        elif kind in PHYSIONET_KINDS:
            gold[key].append({"type": PHYSIONET_KINDS[kind], "start": start, "end": end})
    reports = [{"id": key, "text": text, "gold": gold[key], "patient": None} for key, text in notes.items()]
    return reports, years


def off_gold(reports: list[dict], predictions: dict, allowed: dict | None = None) -> tuple[int, int]:
    """(non-time predicted entities overlapping no gold span, all non-time predicted entities)."""
    off = total = 0
    for report in reports:
        spans = [(g["start"], g["end"]) for g in report["gold"]] + list((allowed or {}).get(report["id"], ()))
        for entity in predictions[report["id"]]:
            if entity["type"] == "TIME":
                continue
            total += 1
            off += not any(entity["start"] < end and start < entity["end"] for start, end in spans)
    return off, total
