"""The institution a report's title line names beside the exam, by its letters or a name filling one part of the line,
and its initials wherever the report repeats them; and the exams, tracers, eponyms and report words those shapes
leave alone.

Names and letters are invented.
"""
import pytest

from .conftest import missed, touched


@pytest.mark.parametrize("text, phi", [
    ("QRVM — CT HEAD WITHOUT CONTRAST\nFindings: no hemorrhage.", ["QRVM"]),
    ("MRI LEFT KNEE — DLOS\nFindings: intact menisci.", ["DLOS"]),
    ("KPRH INPATIENT — US RENAL\nFindings: no hydronephrosis.", ["KPRH"]),
    ("KPRH CT HEAD WITHOUT CONTRAST\nFindings: no hemorrhage.", ["KPRH"]),
    ("TWBH // CARDIAC CT // 03.02.2026\nCalcium score 0.", ["TWBH"]),
    ("MRI BRAIN — KPRH Glenmere satellite\nFindings: normal.", ["KPRH"]),
    ("Wendcrest — CT ABDOMEN\nFindings: no free air.", ["Wendcrest"]),
    ("QUILLMARSH ORTHO — XR RIGHT ANKLE\nFindings: no fracture.", ["QUILLMARSH ORTHO"]),
    ("QUILLMARSH ORTHOPAEDICS & SPORTS MEDICINE\nMRI RIGHT KNEE", ["QUILLMARSH ORTHOPAEDICS & SPORTS MEDICINE"]),
    ("TARROW BEND CH — XR LEFT WRIST\nFindings: no fracture.", ["TARROW BEND CH"]),
    ("QUENDRIL WOMEN'S IMAGING — DIAGNOSTIC MAMMOGRAM\nBI-RADS 2.", ["QUENDRIL WOMEN'S IMAGING"]),
])
def test_title_line_part_names_the_institution(engine, text, phi):
    assert missed(engine, text, phi) == []


def test_an_institutions_initials_are_found_where_the_report_repeats_them(engine):
    text = "CT CHEST\nPrior at Saint Ormond Mercy Hospital.\nFindings: stable.\nSOMH radiology agrees."
    assert missed(engine, text, ["Saint Ormond Mercy Hospital", "SOMH"]) == []


@pytest.mark.parametrize("text, kept", [
    ("LDCT — LUNG CANCER SCREENING\nFindings: no nodule.", ["LDCT", "LUNG CANCER SCREENING"]),
    ("PMCT — HEAD AND NECK\nFindings: skull fracture.", ["PMCT"]),
    ("VCUG — PEDIATRIC\nFindings: no reflux.", ["VCUG"]),
    ("FDG PET/CT — SKULL BASE TO MID-THIGH\nFindings: no uptake.", ["FDG"]),
    ("TAVR PLANNING CTA — CHEST/ABDOMEN/PELVIS\nAnnulus 24 mm.", ["TAVR"]),
    ("XR CHEST PA/LAT — PRE-EMPLOYMENT\nLungs clear.", ["PRE-EMPLOYMENT"]),
    ("TRANSFER OVER-READ — PAEDIATRIC\nFindings: normal.", ["PAEDIATRIC"]),
    ("MRI LUMBAR SPINE — Dopplers\nFindings: normal.", ["Dopplers"]),
    ("DTG    PATIENT    QXID    FINDING    CALLED TO\n0915  Doe  1  PE  ED", ["QXID"]),
    ("BOSNIAK — RENAL CYST CT\nBosniak IIF cyst.", ["BOSNIAK"]),
    ("MYOCARDIAL PERFUSION IMAGING — REST/STRESS\nNo defect.", ["MYOCARDIAL PERFUSION IMAGING"]),
    ("Level I Trauma Center — CT HEAD\nNo bleed.", ["Level I Trauma Center"]),
    ("Mayo classification — XR ELBOW\nType II fracture.", ["Mayo classification"]),
    ("Glasgow Coma Scale 14 — CT HEAD\nNo bleed.", ["Glasgow Coma Scale"]),
    ("MRI BRAIN — MS PROTOCOL\nFindings: periventricular lesions.", ["MS PROTOCOL"]),
    ("CT ABD/PELVIS — ATV ROLLOVER\nFindings: splenic laceration.", ["ATV ROLLOVER"]),
    ("NPN 0700-1400\nNeuro: alert, follows commands.", ["NPN"]),
    ("NSG NOTE\nResp: weaned to 40%.", ["NSG NOTE"]),
    ("CONT ON DOPA AT 8 MCG. BP STABLE.", ["CONT"]),
    ("XXXX — CHEST PA AND LATERAL\nXXXX year-old with cough.", ["XXXX"]),
])
def test_title_line_exams_eponyms_and_report_words_are_kept(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_initials_that_spell_an_exam_are_kept(engine):
    text = "Brought by Pacific Emergency Transport.\nPET/CT: no uptake."
    assert touched(engine, text, ["PET/CT"]) == []
