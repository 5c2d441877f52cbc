#!/usr/bin/env python3
"""Build the hand-written held-out report sets (JSONL with gold spans) from their marked-up source.

tests/data/text/heldout_reports.txt holds reports separated by "===" lines, with PHI marked
<<K:text>> and clinical text that must stay marked {{c:text}} (letters as in its header). Reports at
even positions go to heldout_dev.jsonl (tuned on), odd positions to heldout_test.jsonl (only scored).
tests/data/text/heldout2_reports.txt, written later by someone who had not seen the engine
(HELDOUT2.md), goes whole to heldout2.jsonl, set 3 (HELDOUT3.md, with finding-label gold) to
heldout3.jsonl, set 4 (HELDOUT4.md, finding-label gold too) to heldout4.jsonl and set 5 (HELDOUT5.md, specialty
and export formats, finding-label gold) to heldout5.jsonl and set 6 (HELDOUT6.md, an everyday hospital archive,
finding-label gold) to heldout6.jsonl: they are only ever scored. Set 7 (HELDOUT7.md, outside and community
reports, finding-label gold) goes whole to heldout7.jsonl; its even-numbered reports are a development half, its odd
ones only scored. Set 8 (HELDOUT8.md, an academic hospital's daily worklist, finding-label gold) goes whole to
heldout8.jsonl and is only ever scored. Sets 9 and 10 were written together, blind, in the eleventh round: set 9
(HELDOUT9.md, a teleradiology group's overnight reads, finding-label gold) goes whole to heldout9.jsonl and is a
development set, tuned on; set 10 (HELDOUT10.md, a county safety-net system, veterans' clinics and mobile screening,
finding-label gold) goes whole to heldout10.jsonl and is only ever scored. Set 11 (HELDOUT11.md, a children's
hospital, interventional radiology, nuclear medicine and trauma, finding-label gold), written blind in the twelfth
round, goes whole to heldout11.jsonl; it was only scored until the thirteenth round and is tuned on from the fourteenth. Set 12 (HELDOUT12.md, rural critical-access hospitals,
an outpatient imaging chain and odd corners of a department, finding-label gold), written blind in the thirteenth round,
goes whole to heldout12.jsonl; it was only scored until the fourteenth round and is tuned on from the fifteenth. Set 13 (HELDOUT13.md, a medico-legal and independent-medical-
examination practice, a transplant and dialysis centre and a cross-border practice near Canada, finding-label gold),
written blind in the fourteenth round, goes whole to heldout13.jsonl; it was only scored until the fifteenth round and is
tuned on from the sixteenth. Set 14 (HELDOUT14.md, an
academic neuroradiology and head-and-neck service, a sports-medicine practice, a women's imaging centre, a correctional
health contract, an army post and VA clinics and a cardiac imaging lab, finding-label gold), written blind in the
fifteenth round, goes whole to heldout14.jsonl; it was only scored until the seventeenth round and is tuned on from the
eighteenth. Set 15 (HELDOUT15.md, the Pacific
Northwest, Alaska and Hawaii: a regional hospital, a tribal health corporation's village clinics, a women's and
children's hospital, occupational health, student health, mobile X-ray, teleradiology for ships and mines, a research
imaging core and a medical examiner, finding-label gold), written blind in the sixteenth round, goes whole to
heldout15.jsonl and is only ever scored, and so is set 16 (HELDOUT16.md, the US Gulf Coast, Puerto Rico and the US Virgin Islands, and New England: a Catholic
health system, a public hospital in San Juan, a hurricane field hospital, shipyard and refinery clinics, sports
orthopaedics, cone-beam CT, hospice X-ray, a sleep and ENT centre, a research imaging unit and a payer's review letters,
in HL7, FHIR, fax, RTF and e-mail formats, finding-label gold), written blind in the seventeenth round, to
heldout16.jsonl, and set 17 (HELDOUT17.md, the Mountain West, the Southwest and the Rust Belt: an Indian Health Service
hospital in the Four Corners, a border hospital and clinic in El Paso and Las Cruces, a black-lung B-reader clinic, a
union health plan clinic in Las Vegas, a ski-resort clinic and a high-altitude hospital, a Dearborn and Detroit system, a
Cleveland steel-town occupational clinic, a children's hospital in Utah, residents' preliminary reads with attending
addenda and tele-stroke consults, in dictation, worklist CSV, DICOM SR, portal, billing, mailing-label and teletype
formats, finding-label gold), written blind in the eighteenth round, to heldout17.jsonl.
The labels of sets 5 to 17 are checked against
their reports before a set is written.

    .venv/bin/python scripts/bench/build_heldout_text.py
"""
from __future__ import annotations

import json
import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "text"
KINDS = {"P": "PERSON", "D": "DATE", "T": "TIME", "I": "ID", "H": "PHONE", "E": "EMAIL", "U": "URL", "A": "ADDRESS",
         "Z": "ZIP", "O": "ORGANIZATION", "G": "AGE"}
CATEGORIES = {"e": "eponym", "m": "measurement", "f": "finding", "v": "vertebral_level", "a": "anatomy",
              "d": "device", "b": "birads", "c": "code"}
MARK = re.compile(r"<<([A-Z]):(.+?)>>|\{\{([a-z]):(.+?)\}\}")


def parse(marked: str, report_id: str) -> dict:
    """Return one report with its plain text, gold PHI spans and clinical terms."""
    text, spans, terms, cursor = [], [], [], 0
    length = 0
    for match in MARK.finditer(marked):
        plain = marked[cursor:match.start()]
        text.append(plain)
        length += len(plain)
        value = match.group(2) or match.group(4)
        if match.group(1):
            spans.append({"type": KINDS[match.group(1)], "start": length, "end": length + len(value), "text": value})
        else:
            terms.append({"category": CATEGORIES[match.group(3)], "start": length, "end": length + len(value),
                          "text": value})
        text.append(value)
        length += len(value)
        cursor = match.end()
    text.append(marked[cursor:])
    return {"id": report_id, "text": "".join(text), "gold": spans, "clinical_terms": terms, "patient": None}


def read_set(name: str, prefix: str) -> list[dict]:
    """Return the reports of one marked-up source file (its header block, before the first "===", skipped)."""
    source = (DATA / name).read_text(encoding="utf-8")
    blocks = [b.strip("\n") for b in source.split("\n===\n")[1:] if b.strip()]
    return [parse(block, f"{prefix}-{i:03d}") for i, block in enumerate(blocks)]


def check_labels(name: str, reports: list[dict]) -> None:
    """Fail unless a labels file has one entry per report, in order, each finding text a substring of its report."""
    labels = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    if [entry["report"] for entry in labels] != list(range(len(reports))):
        raise SystemExit(f"{name}: expected one label entry per report, numbered 0 to {len(reports) - 1}")
    missing = [(entry["report"], finding["text"]) for entry, report in zip(labels, reports)
               for finding in entry["findings"] if finding["text"] not in report["text"]]
    if missing:
        raise SystemExit(f"{name}: {len(missing)} finding texts not found in their report, first {missing[0]}")


def write(name: str, reports: list[dict]) -> None:
    """Write reports as JSONL next to the sources."""
    (DATA / name).write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")
    print(f"{name}: {len(reports)} reports, {sum(len(r['gold']) for r in reports)} PHI spans")


def main() -> None:
    """Write heldout_dev.jsonl, heldout_test.jsonl and heldout2.jsonl to heldout17.jsonl next to their sources."""
    reports = read_set("heldout_reports.txt", "heldout")
    write("heldout_dev.jsonl", reports[0::2])
    write("heldout_test.jsonl", reports[1::2])
    write("heldout2.jsonl", read_set("heldout2_reports.txt", "heldout2"))
    write("heldout3.jsonl", read_set("heldout3_reports.txt", "heldout3"))
    write("heldout4.jsonl", read_set("heldout4_reports.txt", "heldout4"))
    for number in (5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17):
        labelled = read_set(f"heldout{number}_reports.txt", f"heldout{number}")
        check_labels(f"heldout{number}_labels.jsonl", labelled)
        write(f"heldout{number}.jsonl", labelled)


if __name__ == "__main__":
    main()
